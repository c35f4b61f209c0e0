/**
 * Orders tables so each comes after the tables it references (`thidua db copy` inserts in this order, so foreign
 * keys hold at every insert). Ties keep the schema's order. Plain TypeScript, shared by both dialects' table code.
 */
export function orderByDependencies<T extends { name: string; references: readonly string[] }>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (table: T): void => {
    if (done.has(table.name)) return;
    if (visiting.has(table.name)) throw new Error(`foreign keys form a cycle through ${table.name}`);
    visiting.add(table.name);
    for (const ref of table.references) {
      const parent = byName.get(ref);
      if (parent && parent.name !== table.name) visit(parent);
    }
    visiting.delete(table.name);
    done.add(table.name);
    out.push(table);
  };
  for (const table of tables) visit(table);
  return out;
}
