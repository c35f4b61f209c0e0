/**
 * Holds the registered {@link ConversationModule}s and answers "who handles this command / button / dialog?".
 * Collisions are programming errors, so the constructor throws (at start-up, not at the first message).
 */
import {
  MAX_BUTTON_PAYLOAD_BYTES,
  RESERVED_BUTTON_PREFIXES,
  type ConversationModule,
  type ModuleButtons,
  type ModuleCommand,
} from './module.js';

/** Built-in command names a module may take over (the engine provides the entry point and role check). */
export const OVERRIDABLE_COMMANDS = new Set(['duyet', 'approve', 'tiendo', 'status']);

export class ModuleRegistry {
  readonly modules: readonly ConversationModule[];
  private readonly commands = new Map<string, { module: ConversationModule; command: ModuleCommand }>();
  private readonly buttons: { module: ConversationModule; buttons: ModuleButtons }[] = [];
  private readonly byName = new Map<string, ConversationModule>();

  constructor(modules: readonly ConversationModule[], builtInCommands: ReadonlySet<string>) {
    this.modules = modules;
    for (const module of modules) {
      if (!/^[a-z][a-z0-9-]*$/.test(module.name)) throw new Error(`Module name "${module.name}" must be kebab-case`);
      if (this.byName.has(module.name)) throw new Error(`Module "${module.name}" registered twice`);
      this.byName.set(module.name, module);
      for (const command of module.commands ?? []) {
        if (command.names.length === 0) throw new Error(`Module "${module.name}" has a command without a name`);
        for (const name of command.names) {
          if (name !== name.toLowerCase() || name.startsWith('/')) {
            throw new Error(`Command name "${name}" must be lower case without "/"`);
          }
          if (builtInCommands.has(name) && !OVERRIDABLE_COMMANDS.has(name)) {
            throw new Error(`Module "${module.name}" cannot take over the built-in command /${name}`);
          }
          if (this.commands.has(name)) throw new Error(`Command /${name} registered twice`);
          this.commands.set(name, { module, command });
        }
      }
      for (const buttons of module.buttons ?? []) {
        const { prefix } = buttons;
        if (!/^[a-z0-9]{1,6}:$/.test(prefix)) throw new Error(`Button prefix "${prefix}" must look like "ap:"`);
        if ((RESERVED_BUTTON_PREFIXES as readonly string[]).includes(prefix)) {
          throw new Error(`Button prefix "${prefix}" is reserved by the engine`);
        }
        const clash = this.buttons.find((b) => b.buttons.prefix.startsWith(prefix) || prefix.startsWith(b.buttons.prefix));
        if (clash) throw new Error(`Button prefix "${prefix}" clashes with module "${clash.module.name}"`);
        this.buttons.push({ module, buttons });
      }
    }
  }

  command(name: string): { module: ConversationModule; command: ModuleCommand } | undefined {
    return this.commands.get(name);
  }

  /** Every module command (for /help). */
  allCommands(): ModuleCommand[] {
    return [...new Set([...this.commands.values()].map((c) => c.command))];
  }

  button(payload: string): { module: ConversationModule; buttons: ModuleButtons } | undefined {
    return this.buttons.find((b) => payload.startsWith(b.buttons.prefix));
  }

  module(name: string): ConversationModule | undefined {
    return this.byName.get(name);
  }
}

/** True when a payload fits a Telegram callback_data with our margin and is plain ASCII. */
export function isValidPayload(payload: string): boolean {
  return payload.length <= MAX_BUTTON_PAYLOAD_BYTES && /^[\x21-\x7e]+$/.test(payload);
}
