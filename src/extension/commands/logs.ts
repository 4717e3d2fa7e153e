// Actions on Auth0 log events: run the fix, copy the event as JSON, open it in the dashboard, show all or relevant.

import * as vscode from 'vscode';
import type * as LogsFeature from '../../core/logs';
import type { CommandHandler } from './handler';
import { loadFeature } from '../lazy';
import type { LogNode } from '../logs-view';
import { updateSetting } from '../settings';
import { runFixAction } from '../fix-actions';
import { COMMAND } from '../../core/ids';

export const logsCommands: Record<string, CommandHandler> = {
  [COMMAND.logsFix]: async (_c, node, options) => {
    const action = (node as LogNode | undefined)?.kind === 'event' ? (node as Extract<LogNode, { kind: 'event' }>).diagnosis?.action : undefined;
    if (action) return runFixAction(action, options);
  },
  [COMMAND.logsCopyJson]: async (_c, node) => {
    if ((node as LogNode | undefined)?.kind !== 'event') return;
    const json = loadFeature<typeof LogsFeature>('logs').eventJson((node as Extract<LogNode, { kind: 'event' }>).event);
    await vscode.env.clipboard.writeText(json);
    void vscode.window.setStatusBarMessage('Auth0 log event copied as JSON', 3000);
    return json;
  },
  [COMMAND.logsOpenInDashboard]: async (c, node) => {
    if ((node as LogNode | undefined)?.kind !== 'event' || !c.auth0) return;
    const url = loadFeature<typeof LogsFeature>('logs').eventDashboardUrl(c.auth0.host, (node as Extract<LogNode, { kind: 'event' }>).event.log_id);
    await vscode.env.openExternal(vscode.Uri.parse(url));
  },
  [COMMAND.logsShowAll]: () => updateSetting('logs.showAll', true),
  [COMMAND.logsShowRelevant]: () => updateSetting('logs.showAll', false),
};
