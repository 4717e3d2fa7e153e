import type { CommandHandler } from './handler';
import { COMMAND } from '../../core/ids';
import { openWalkthrough } from '../first-run';

export const generalCommands: Record<string, CommandHandler> = {
  [COMMAND.refresh]: (c) => (c.auth0 ? c.checkTenant() : c.refresh('user asked')),
  [COMMAND.showLog]: (c) => c.log.show(),
  [COMMAND.openWalkthrough]: (c) => openWalkthrough(c.context),
};
