/** The /help text, listing only the commands the person may use. */
import { BUILT_IN_COMMANDS, hasRole } from '../command-list.js';
import type { ModuleRegistry } from '../module-registry.js';
import type { PersonView } from '../ports.js';

export function helpText(modules: ModuleRegistry, person: PersonView | null): string {
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
