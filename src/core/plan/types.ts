// The one vocabulary every face of the product speaks: a plan of steps, each with a status,
// a readable diff when something must change, and a diagnosis (problem + fix) when something is wrong.

export type StepStatus = 'ok' | 'change' | 'manual' | 'warning' | 'error' | 'unknown';

/** One field that differs between the tenant (or file, or server) and what the product needs. */
export interface FieldChange {
  field: string;
  current: unknown;
  desired: unknown;
}

/** What to do about a problem: run a step's apply, or open a page the user must act on. */
export type FixAction =
  | { kind: 'apply'; stepId: string; label: string }
  | { kind: 'open'; url: string; label: string }
  | { kind: 'command'; command: string; label: string };

export interface Diagnosis {
  /** What is wrong, in plain words. */
  problem: string;
  /** What to do about it, in plain words. */
  fix: string;
  action?: FixAction;
}

export interface StepState {
  id: string;
  title: string;
  status: StepStatus;
  /** One line for the tree item's description or a table cell. */
  summary: string;
  changes: FieldChange[];
  diagnosis?: Diagnosis;
  /** Dashboard or docs link for "open in Auth0" style actions. */
  link?: string;
  /** Extra rows under the step (e.g. each verification check): a label and its value. */
  details?: Array<{ label: string; value: string }>;
}

const USER_ERROR = Symbol.for('auth0-mcp.UserError');

/** A user-facing error: a message that says what was wrong and what to do. Never holds a secret. */
export class UserError extends Error {
  /** Brand shared by every copy of this class: the extension loads the core in several bundles. */
  readonly [USER_ERROR] = true;

  constructor(
    message: string,
    readonly fix: string,
    readonly code: string = 'user_error',
  ) {
    super(message);
    this.name = 'UserError';
  }

  /** `instanceof UserError` holds for a UserError from any bundle; subclasses keep the ordinary check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== UserError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [USER_ERROR]?: boolean })[USER_ERROR] === true;
  }
}
