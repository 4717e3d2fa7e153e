import { describe, expect, it } from 'vitest';
import { chatgptStep } from '../../src/core/plan/chatgpt-step';

describe('ChatGPT app step', () => {
  it('waits for a public URL', () => {
    expect(chatgptStep(undefined, []).status).toBe('unknown');
  });

  it('is manual with the exact App URL until marked done for that URL', () => {
    const step = chatgptStep('https://a.ngrok.app/mcp', []);
    expect(step).toMatchObject({ status: 'manual', summary: 'create the app with https://a.ngrok.app/mcp' });
    expect(step.diagnosis?.fix).toContain('https://a.ngrok.app/mcp');
    expect(chatgptStep('https://a.ngrok.app/mcp', ['https://a.ngrok.app/mcp']).status).toBe('ok');
  });

  it('asks again when the URL changed since it was marked done', () => {
    expect(chatgptStep('https://b.ngrok.app/mcp', ['https://a.ngrok.app/mcp']).status).toBe('manual');
  });
});
