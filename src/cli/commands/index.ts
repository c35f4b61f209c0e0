/** Every `thidua` sub-command, in the order `thidua help` lists them. Add yours with one import + one entry. */
import type { CliCommand } from '../command.js';

export const COMMANDS: CliCommand[] = [];
