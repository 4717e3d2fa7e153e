// What a command module exports: handlers by command id, each given the controller and the command's arguments.

import type { Controller } from '../controller';

export type CommandHandler = (controller: Controller, ...args: unknown[]) => unknown;
