// Actions on Auth0 log events: run the fix, copy the event as JSON, open it in the dashboard, show all or relevant.

import * as vscode from 'vscode';
import type * as LogsFeature from '../../core/logs';
import type { CommandHandler } from '../commands';
import { loadFeature } from '../lazy';
import type { LogNode } from '../logs-view';
import { updateSetting } from '../settings';
import { runFixAction } from '../fix-actions';

export const logsCommands: Record<string, CommandHandler> = {
  'auth0Mcp.logs.fix': async (_c, node, options) => {
    const action = (node as LogNode | undefined)?.kind === 'event' ? (node as Extract<LogNode, { kind: 'event' }>).diagnosis?.action : undefined;
    if (action) return runFixAction(action, options);
  },
  'auth0Mcp.logs.copyJson': async (_c, node) => {
    if ((node as LogNode | undefined)?.kind !== 'event') return;
    const json = loadFeature<typeof LogsFeature>('logs').eventJson((node as Extract<LogNode, { kind: 'event' }>).event);
    await vscode.env.clipboard.writeText(json);
    void vscode.window.setStatusBarMessage('Auth0 log event copied as JSON', 3000);
    return json;
  },
  'auth0Mcp.logs.openInDashboard': async (c, node) => {
    if ((node as LogNode | undefined)?.kind !== 'event' || !c.auth0) return;
    const url = loadFeature<typeof LogsFeature>('logs').eventDashboardUrl(c.auth0.host, (node as Extract<LogNode, { kind: 'event' }>).event.log_id);
    await vscode.env.openExternal(vscode.Uri.parse(url));
  },
  'auth0Mcp.logs.showAll': () => updateSetting('logs.showAll', true),
  'auth0Mcp.logs.showRelevant': () => updateSetting('logs.showAll', false),
};
