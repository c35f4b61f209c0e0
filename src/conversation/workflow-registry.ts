/**
 * Holds the registered {@link Workflow}s and answers "who handles this command / button / dialog?".
 * Collisions are programming errors, so the constructor throws (at start-up, not at the first message).
 */
import { MAX_BUTTON_PAYLOAD_BYTES } from './types.js';
import type { Workflow, WorkflowButtons, WorkflowCommand } from './workflow.js';

/** A workflow of any dialog type, as the engine stores it (handlers see their own `D`). */
export type AnyWorkflow = Workflow<unknown>;

/** The engine's own button prefix: `c:<command>` runs a command (menus, "📋 Xem lại"). */
export const COMMAND_BUTTON_PREFIX = 'c:';

export class WorkflowRegistry {
  readonly workflows: readonly AnyWorkflow[];
  private readonly commands = new Map<string, { workflow: AnyWorkflow; command: WorkflowCommand<unknown> }>();
  private readonly buttons: { workflow: AnyWorkflow; buttons: WorkflowButtons<unknown> }[] = [];
  private readonly byName = new Map<string, AnyWorkflow>();

  constructor(workflows: readonly AnyWorkflow[], builtInCommands: ReadonlySet<string>) {
    this.workflows = workflows;
    for (const workflow of workflows) {
      if (!/^[a-z][a-z0-9-]*$/.test(workflow.name)) throw new Error(`Workflow name "${workflow.name}" must be kebab-case`);
      if (this.byName.has(workflow.name)) throw new Error(`Workflow "${workflow.name}" registered twice`);
      this.byName.set(workflow.name, workflow);
      for (const command of workflow.commands ?? []) {
        if (command.names.length === 0) throw new Error(`Workflow "${workflow.name}" has a command without a name`);
        for (const name of command.names) {
          if (name !== name.toLowerCase() || name.startsWith('/')) throw new Error(`Command name "${name}" must be lower case without "/"`);
          if (builtInCommands.has(name)) throw new Error(`Workflow "${workflow.name}" cannot take over the built-in command /${name}`);
          if (this.commands.has(name)) throw new Error(`Command /${name} registered twice`);
          this.commands.set(name, { workflow, command });
        }
      }
      for (const buttons of workflow.buttons ?? []) {
        const { prefix } = buttons;
        if (!/^[a-z0-9]{1,6}:$/.test(prefix)) throw new Error(`Button prefix "${prefix}" must look like "ap:"`);
        if (prefix === COMMAND_BUTTON_PREFIX) throw new Error(`Button prefix "${prefix}" is reserved by the engine`);
        const clash = this.buttons.find((b) => b.buttons.prefix.startsWith(prefix) || prefix.startsWith(b.buttons.prefix));
        if (clash) throw new Error(`Button prefix "${prefix}" clashes with workflow "${clash.workflow.name}"`);
        this.buttons.push({ workflow, buttons });
      }
    }
  }

  command(name: string): { workflow: AnyWorkflow; command: WorkflowCommand<unknown> } | undefined {
    return this.commands.get(name);
  }

  /** Every workflow command, in registration order (for /huongdan). */
  allCommands(): WorkflowCommand<unknown>[] {
    return [...new Set([...this.commands.values()].map((c) => c.command))];
  }

  button(payload: string): { workflow: AnyWorkflow; buttons: WorkflowButtons<unknown> } | undefined {
    return this.buttons.find((b) => payload.startsWith(b.buttons.prefix));
  }

  workflow(name: string): AnyWorkflow | undefined {
    return this.byName.get(name);
  }
}

/** True when a payload fits a Telegram callback_data with our margin and is plain ASCII. */
export function isValidPayload(payload: string): boolean {
  return payload.length <= MAX_BUTTON_PAYLOAD_BYTES && /^[\x21-\x7e]+$/.test(payload);
}
