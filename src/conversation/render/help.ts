/** The /huongdan text, listing only the commands the person may use. */
import type { PersonView } from '../../store/directory.js';
import { BUILT_IN_COMMANDS, hasRole } from '../command-list.js';
import type { WorkflowRegistry } from '../workflow-registry.js';

/** The text depends only on the workflows and the person's roles: built once per registry and set of roles. */
const helpCache = new WeakMap<WorkflowRegistry, Map<string, string>>();

export function helpText(workflows: WorkflowRegistry, person: PersonView | null): string {
  let byRoles = helpCache.get(workflows);
  if (!byRoles) {
    byRoles = new Map();
    helpCache.set(workflows, byRoles);
  }
  const key = person ? `:${person.roles.join(',')}` : '';
  let text = byRoles.get(key);
  if (text === undefined) {
    text = buildHelpText(workflows, person);
    byRoles.set(key, text);
  }
  return text;
}

/** Workflow commands first (in registration order), then the engine's own; people not linked see only /huongdan. */
function buildHelpText(workflows: WorkflowRegistry, person: PersonView | null): string {
  const lines = ['Các lệnh:'];
  if (person) {
    for (const command of workflows.allCommands()) {
      const [name] = command.names;
      if (!name || command.hidden || !hasRole(person.roles, command.roles)) continue;
      lines.push(`/${name} — ${command.description}`);
    }
  }
  for (const c of BUILT_IN_COMMANDS) {
    if (c.hidden || (!person && !c.public)) continue;
    lines.push(`/${c.names[0]} — ${c.description}`);
  }
  if (person) lines.push('', 'Không thấy nút bấm? Cứ gõ câu trả lời: "b", "2", "đạt", "không"…');
  return lines.join('\n');
}
