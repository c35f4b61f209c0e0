/** The /help text, listing only the commands the person may use. */
import { BUILT_IN_COMMANDS, hasRole } from '../command-list.js';
import type { ModuleRegistry } from '../module-registry.js';
import type { PersonView } from '../ports.js';

/** The text depends only on the modules and the person's roles: built once per registry and set of roles. */
const helpCache = new WeakMap<ModuleRegistry, Map<string, string>>();

export function helpText(modules: ModuleRegistry, person: PersonView | null): string {
  let byRoles = helpCache.get(modules);
  if (!byRoles) {
    byRoles = new Map();
    helpCache.set(modules, byRoles);
  }
  const key = person ? `:${person.roles.join(',')}` : '';
  let text = byRoles.get(key);
  if (text === undefined) {
    text = buildHelpText(modules, person);
    byRoles.set(key, text);
  }
  return text;
}

function buildHelpText(modules: ModuleRegistry, person: PersonView | null): string {
  const lines = ['Các lệnh:'];
  for (const c of BUILT_IN_COMMANDS) {
    if (c.hidden) continue;
    const override = modules.command(c.names[0] ?? '');
    const roles = override ? override.command.roles : c.roles;
    if (!person && !c.public) continue;
    if (person && !hasRole(person.roles, roles)) continue;
    lines.push(`/${c.names[0]} — ${override ? override.command.description : c.description}`);
  }
  if (person) {
    const builtIn = new Set(BUILT_IN_COMMANDS.flatMap((c) => c.names));
    for (const command of modules.allCommands()) {
      const [name] = command.names;
      if (!name || builtIn.has(name) || !hasRole(person.roles, command.roles)) continue;
      lines.push(`/${name} — ${command.description}`);
    }
    lines.push('', 'Không thấy nút bấm? Cứ gõ câu trả lời: "b", "2", "đạt", "không"…');
  }
  return lines.join('\n');
}
