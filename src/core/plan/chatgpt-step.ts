// The ChatGPT app step is manual: the user creates the app in ChatGPT's developer mode with the App URL.
// "Done" is remembered per App URL, because a new URL means the app must be edited in ChatGPT too.

import type { StepState } from './types';
import { COMMAND } from '../ids';

export const CHATGPT_APPS_SETTINGS_URL = 'https://chatgpt.com/#settings/Connectors';

export function chatgptStep(appUrl: string | undefined, doneForUrls: readonly string[]): StepState {
  const base = { id: 'chatgpt', title: 'ChatGPT app', changes: [] };
  if (!appUrl) return { ...base, status: 'unknown', summary: 'needs a public URL first' };
  if (doneForUrls.includes(appUrl)) return { ...base, status: 'ok', summary: appUrl };
  return {
    ...base,
    status: 'manual',
    summary: `create the app with ${appUrl}`,
    diagnosis: {
      problem: 'ChatGPT does not know this App URL yet.',
      fix:
        'In ChatGPT, turn on developer mode (Settings › Apps › Advanced settings; it lets you add apps that are not ' +
        `published), then create an app with the App URL ${appUrl} and OAuth authentication. Mark this step done afterwards.`,
      action: { kind: 'command', command: COMMAND.markChatGptAppDone, label: 'Mark Done' },
    },
  };
}
