#!/usr/bin/env node
// Runs SQL on a current ClickHouse engine (chdb: ClickHouse 26.7 in-process, no server), so the SQL
// the product ships can be checked against current ClickHouse on a machine that only has 18.16.
// chdb is installed by `scripts/infra.sh chdb` into .local/chdb.
//
//   node scripts/chdb/run.mjs [--path DIR] [--format FORMAT] [FILE.sql ...]
//       runs the statements of each file in order (stdin when no file is given) in one session and
//       prints each result in FORMAT (default TSVWithNames). Statements end with a semicolon at the end
//       of a line; full-line comments are dropped (as the migrator reads sql/migrations). Stops at the
//       first failing statement (exit 1).
//   node scripts/chdb/run.mjs --serve [--path DIR]
//       for tests: one request per stdin line, {"sql": "...", "format": "..."}, one answer per stdout
//       line, {"ok": true, "result": "..."} or {"ok": false, "error": "..."}; ends at end of input.
//
// --path DIR keeps the session's databases in DIR, so tables created by one call are there for the next;
// without it they live in a temporary folder removed at the end. The engine's time zone is UTC, as on
// the project's servers, unless TZ is set.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

process.env.TZ ??= 'UTC';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const chdbDir = join(root, '.local/chdb');

function fail(message) {
  process.stderr.write(`[chdb] ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { path: undefined, format: 'TSVWithNames', serve: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--serve') args.serve = true;
    else if (a === '--path') args.path = argv[++i] ?? fail('--path needs a folder');
    else if (a === '--format') args.format = argv[++i] ?? fail('--format needs a format name');
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else args.files.push(a);
  }
  return args;
}

/** Statements separated by a semicolon at the end of a line; full-line comments dropped. */
function statements(sql) {
  const out = [];
  let current = [];
  const flush = () => {
    let s = current.join('\n').trim();
    if (s.endsWith(';')) s = s.slice(0, -1).trim();
    if (s) out.push(s);
    current = [];
  };
  for (const line of sql.split('\n')) {
    if (line.trim().startsWith('--')) continue;
    current.push(line);
    if (line.trimEnd().endsWith(';')) flush();
  }
  flush();
  return out;
}

function openSession(path) {
  let chdb;
  try {
    chdb = createRequire(join(chdbDir, 'package.json'))('chdb');
  } catch (e) {
    fail(`chdb is not installed in ${chdbDir} (scripts/infra.sh chdb installs it): ${e.message}`);
  }
  return new chdb.Session(path);
}

async function serve(session) {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let answer;
    try {
      const request = JSON.parse(line);
      answer = { ok: true, result: session.query(request.sql, request.format ?? 'TSVWithNamesAndTypes') };
    } catch (e) {
      answer = { ok: false, error: e.message };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
}

function runFiles(session, files, format) {
  const sources = files.length ? files.map((f) => [f, readFileSync(f, 'utf8')]) : [['stdin', readFileSync(0, 'utf8')]];
  for (const [name, text] of sources) {
    for (const statement of statements(text)) {
      try {
        process.stdout.write(session.query(statement, format));
      } catch (e) {
        process.stderr.write(`[chdb] ${name}: ${e.message}\n${statement}\n`);
        return 1;
      }
    }
  }
  return 0;
}

const args = parseArgs(process.argv.slice(2));
const session = openSession(args.path);
let status = 0;
try {
  if (args.serve) await serve(session);
  else status = runFiles(session, args.files, args.format);
} finally {
  session.cleanup();
}
process.exit(status);
