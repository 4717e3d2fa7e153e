// Placeholder replaced when the engine lands.
import type { Controller } from './controller';
export class Auth0Session {
  static async open(_c: Controller): Promise<Auth0Session> {
    throw new Error('not yet');
  }
}
