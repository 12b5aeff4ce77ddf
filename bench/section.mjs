// Records a bench script's results in BENCHMARKS.md: replaces the section
// "## HEADING" (up to the next "## ") or appends it, so each script rewrites
// only its own section and leaves the others' as they were.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'BENCHMARKS.md');

export function writeSection(heading, body) {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n';
  const section = `## ${heading}\n\n${body.trimEnd()}\n`;
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`## ${escaped}\\n[\\s\\S]*?(?=\\n## |$)`);
  // A function as the replacement: `$` in a table must stay as it is.
  const next = pattern.test(old) ? old.replace(pattern, () => section) : `${old.trimEnd()}\n\n${section}`;
  writeFileSync(path, next);
}
