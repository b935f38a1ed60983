import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type FakeMeeting, type FakeModernGov, meetingsXml, meetingXml, startFakeModernGov, xml } from '@partnership-hub/moderngov/fake';
import { southYorkshire } from '@partnership-hub/seed';
import { parse } from 'shell-quote';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalHub, startLocalHub } from '../src/local/hub.ts';
import { temporaryDirectory } from './support/client.ts';
import { seededDataFolder } from './support/seeded-template.ts';

/**
 * Every `curl` and `npx partnership-hub` example in README.md and docs/*.md, run in order against
 * one freshly seeded local hub: each must answer a status below 400 (or the status its comment
 * shows, `# → 201` or `# 304`), and each command must exit 0.
 *
 * The examples are found by fenced code block (```sh), not listed here, so an example added to
 * the docs is run without touching this file. Within a block, a line ending in `\` continues on
 * the next; `# ...` is a comment; a command's output piped on (`| grep`) is not run.
 *
 * Placeholders, as the docs use them:
 * - `$HUB` (whatever a block sets it to), `http://127.0.0.1:3000`, `https://hub-a.example`,
 *   `https://hub-b.example` and an AWS API address: the hub under test.
 * - `$ADMIN`, `$ADMIN_KEY`: its administrator's key; `$KEY_ON_A`, `$KEY_ON_B`: the Safer Rotherham
 *   Partnership's key (the sync example's keys on its two hubs).
 * - `NAME=$(node -p "require('./.hub-data/dev-credentials.json')...")`: that expression, evaluated
 *   on the hub's dev credentials.
 * - Any other `$NAME`: from an earlier answer, the latest with a header of that name (`$ETAG`) or a
 *   field whose camelCase name it is (`$KEY_ID` is `keyId`, `$CURSOR` is `cursor`).
 * - `prefix…` or `prefix...` inside a word (`sub_…`, `phs_…`, `01K...`): the latest string in an
 *   earlier answer that starts with that prefix.
 * - `--data-binary @name`: the block in the docs whose info string names that file (```csv name).
 *
 * Debian does not install curl by default (CI images may lack it), so a curl command is not run
 * as a program: its command line is parsed (shell-quote, for quoting and variables) into the
 * method, headers and body of a fetch. The sync client is run as what `npx partnership-hub`
 * starts, its bundled JavaScript, in a temporary folder (it writes its state file and mirror there).
 */

const ROOT = resolve(import.meta.dirname, '../..');

/** dd/mm/yyyy, as ModernGov writes dates, `offset` days from today (inside the connector's default window). */
const councilDay = (offset: number) => {
  const date = new Date(Date.now() + offset * 86_400_000);
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
};
const COUNCIL_MEETINGS: FakeMeeting[] = [
  { id: 9001, date: councilDay(30), status: 'Confirmed', time: '10.00 am', agenda: [{ id: 1, number: '1', title: 'Apologies' }] },
];
const SYNC_CLIENT = join(ROOT, 'packages/sync-client/dist/partnership-hub.js');
const AS_THE_HUB = ['http://127.0.0.1:3000', 'https://hub-a.example', 'https://hub-b.example'];
const AWS_ADDRESS = /https:\/\/[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com/g;

interface Example {
  file: string;
  /** The command with its continuations joined, comments removed. */
  command: string;
  /** The status its comment shows, if it shows one. */
  expectedStatus?: number;
}

interface Docs {
  examples: Example[];
  assignments: { name: string; value: string }[];
  files: Map<string, string>;
}

async function readDocs(): Promise<Docs> {
  const names = [
    'README.md',
    ...(await readdir(join(ROOT, 'docs')))
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => `docs/${name}`),
  ];
  const docs: Docs = { examples: [], assignments: [], files: new Map() };
  for (const file of names) {
    const text = await readFile(join(ROOT, file), 'utf8');
    for (const match of text.matchAll(/^( *)```([^\n]*)\n([\s\S]*?)^\1```$/gm)) {
      const [, indent, info, body] = match as unknown as [string, string, string, string];
      const [language, fileName] = info.trim().split(/\s+/);
      const lines = body.split('\n').map((line) => line.slice(indent.length));
      if (fileName) docs.files.set(fileName, lines.join('\n'));
      if (language === 'sh') readCommands(file, lines, docs);
    }
  }
  return docs;
}

/**
 * A block's commands: a line ending in `\` or inside an open quote continues on the next; a
 * comment on the command's line or on the lines right after it may show its status.
 */
function readCommands(file: string, lines: string[], docs: Docs) {
  let current: Example | undefined;
  let pending: string | undefined;
  for (const line of lines) {
    if (pending !== undefined) {
      pending = `${pending}\n${line}`;
    } else {
      const trimmed = line.trim();
      if (trimmed.startsWith('#')) {
        if (current && current.expectedStatus === undefined) Object.assign(current, withStatus(statusIn(trimmed.slice(1))));
        continue;
      }
      current = undefined;
      if (!trimmed) continue;
      pending = trimmed;
    }
    if (pending.endsWith('\\')) {
      pending = pending.slice(0, -1);
      continue;
    }
    if (openQuote(pending)) continue;
    finish(pending.replace(/\s*\n\s*/g, ' '));
    pending = undefined;
  }

  function finish(text: string): string {
    const assignment = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(text);
    if (assignment) {
      docs.assignments.push({ name: assignment[1]!, value: assignment[2]! });
      return '';
    }
    if (!/^(curl|npx partnership-hub)\s/.test(text)) return '';
    const entries = parse(text, (name) => `$${name}`);
    const comment = entries.find((entry): entry is { comment: string } => typeof entry === 'object' && 'comment' in entry);
    current = { file, command: text, ...(comment ? withStatus(statusIn(comment.comment)) : {}) };
    docs.examples.push(current);
    return '';
  }
}

/** Whether a command line so far leaves a quote open (single quotes take no escapes; double quotes do). */
function openQuote(text: string): boolean {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote === undefined) {
      if (char === '\\') index++;
      else if (char === "'" || char === '"') quote = char;
      else if (char === '#' && (index === 0 || text[index - 1] === ' ')) return false;
    } else if (char === quote) quote = undefined;
    else if (quote === '"' && char === '\\') index++;
  }
  return quote !== undefined;
}

const withStatus = (status: number | undefined) => (status === undefined ? {} : { expectedStatus: status });

/** `→ 201 {...}` or `304`: the status an example's comment shows. */
function statusIn(comment: string): number | undefined {
  const match = /^\s*(?:→\s*)?([1-5]\d\d)\b/.exec(comment);
  return match ? Number(match[1]) : undefined;
}

const camelCase = (name: string) => name.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** What earlier answers said, newest first: headers and every string in a JSON body, with its field name. */
class Answers {
  private readonly seen: { headers: Headers; strings: { key: string; value: string }[] }[] = [];

  remember(headers: Headers, body: string) {
    const strings: { key: string; value: string }[] = [];
    const walk = (value: unknown, key: string) => {
      if (typeof value === 'string') strings.push({ key, value });
      else if (Array.isArray(value)) for (const entry of value) walk(entry, key);
      else if (value && typeof value === 'object') for (const [field, entry] of Object.entries(value)) walk(entry, field);
    };
    try {
      walk(JSON.parse(body), '');
    } catch {
      // Not JSON (a feed, a page): its headers still count.
    }
    this.seen.unshift({ headers, strings });
  }

  variable(name: string): string | undefined {
    for (const answer of this.seen) {
      const header = answer.headers.get(name.replace(/_/g, '-'));
      if (header) return header;
      const field = answer.strings.find((entry) => entry.key === camelCase(name));
      if (field) return field.value;
    }
    return undefined;
  }

  startingWith(prefix: string): string | undefined {
    for (const answer of this.seen) {
      const found = answer.strings.find((entry) => entry.value.startsWith(prefix) && entry.value !== prefix);
      if (found) return found.value;
    }
    return undefined;
  }
}

describe('the examples in README.md and docs/', () => {
  let hub: LocalHub;
  let council: FakeModernGov;
  let remove: () => Promise<void>;
  let workDir: { path: string; remove: () => Promise<void> };
  let docs: Docs;

  beforeAll(async () => {
    // The council the connector example reads: a fake ModernGov web service, its panel (650) with one meeting.
    council = await startFakeModernGov((operation, query) => {
      if (operation === 'GetCommittees')
        return xml(
          '<?xml version="1.0" encoding="utf-8"?>\n<committees>\n  <committeescount> 1</committeescount>\n  <committee>\n    <committeeid>650</committeeid>\n    <committeetitle>Police and Crime Panel</committeetitle>\n    <committeedeleted>False</committeedeleted>\n    <committeeexpired>False</committeeexpired>\n  </committee>\n</committees>\n',
        );
      if (operation === 'GetMeetings') return xml(meetingsXml({ id: 650, title: 'Police and Crime Panel' }, COUNCIL_MEETINGS));
      const meeting = COUNCIL_MEETINGS.find((candidate) => String(candidate.id) === query.get('lMeetingId'));
      return operation === 'GetMeeting' && meeting ? xml(meetingXml(meeting)) : undefined;
    });
    // A copy of the run's seeded data folder: a fresh seed, without seeding again.
    const data = await seededDataFolder();
    remove = data.remove;
    workDir = await temporaryDirectory();
    docs = await readDocs();
    hub = await startLocalHub({
      dataDir: data.path,
      port: 0,
      seed: southYorkshire,
      // The subscription example's webhook host, resolved to a public address without asking DNS;
      // its verification is never answered, which the example does not need. The examples run
      // within a second, where a reader waits the minute the README gives before asking for a
      // verification again.
      // Loopback allowed: the connector example reads a fake council on this machine.
      notifications: {
        resolve: async () => [{ address: '93.184.215.14', family: 4 }],
        webhookTimeoutMs: 200,
        resendIntervalMs: 0,
        allowLoopbackWebhooks: true,
      },
    });
  }, 300_000); // It may wait on another file seeding the data folder it copies.

  afterAll(async () => {
    await hub?.stop();
    await council?.stop();
    await remove?.();
    await workDir?.remove();
  });

  it('finds the examples by fenced block', () => {
    expect(docs.examples.length).toBeGreaterThan(40);
    expect(docs.examples.some((example) => example.command.startsWith('npx partnership-hub'))).toBe(true);
    expect(docs.files.has('work-programme.csv')).toBe(true);
  });

  it('runs every example, in order, against one seeded hub', async () => {
    const credentials = hub.credentials;
    const keyOf = (organisationId: string) => credentials.organisations.find((entry) => entry.organisationId === organisationId)!.key;
    const variables = new Map<string, string>([
      ['HUB', hub.url],
      ['ADMIN', hub.adminKey],
      ['ADMIN_KEY', hub.adminKey],
      ['KEY_ON_A', keyOf('safer-rotherham-partnership')],
      ['KEY_ON_B', keyOf('safer-rotherham-partnership')],
      ['COUNCIL', council.url],
    ]);
    for (const { name, value } of docs.assignments) {
      const credentialsRead = /^\$\(node -p "(.*)"\)$/.exec(value);
      if (!credentialsRead || variables.has(name)) continue;
      // The docs' own expression, on the hub's dev credentials in place of the file it requires.
      const evaluate = new Function('require', `return (${credentialsRead[1]});`) as (require: () => unknown) => unknown;
      variables.set(name, String(evaluate(() => credentials)));
    }
    const answers = new Answers();
    const failures: string[] = [];

    for (const example of docs.examples) {
      let text = example.command.replace(AWS_ADDRESS, hub.url);
      for (const address of AS_THE_HUB) text = text.replaceAll(address, hub.url);
      // prefix… / prefix... inside a word: a value an earlier answer gave.
      text = text.replace(/([A-Za-z0-9_]+)(?:…|\.\.\.)(?=[\s'"/]|$)/g, (whole, prefix: string) => answers.startingWith(prefix) ?? whole);
      const entries = parse(text, (name) => variables.get(name) ?? answers.variable(name) ?? `$${name}`);
      const words: string[] = [];
      for (const entry of entries) {
        if (typeof entry === 'string') words.push(entry);
        else if ('op' in entry && entry.op === '|') break;
        else if ('comment' in entry) break;
      }
      const label = `${example.file}: ${example.command}`;
      const unresolved = words.find((word) => /\$[A-Z_]/.test(word));
      if (unresolved) {
        failures.push(`${label}\n  names ${unresolved}, which no placeholder or earlier answer gives`);
        continue;
      }
      if (words[0] === 'npx') {
        const { exitCode, output } = await runSyncClient(words.slice(2), workDir.path);
        if (exitCode !== 0) failures.push(`${label}\n  exited ${exitCode}: ${output}`);
        continue;
      }
      let response: Response;
      try {
        const request = curlRequest(words, docs.files);
        response = await fetch(request.url, request.init);
      } catch (error) {
        failures.push(`${label}\n  could not be sent: ${String(error)}`);
        continue;
      }
      const body = await response.text();
      // Reads follow writes within moments (the projector runs on the bus); a reader would not notice.
      await hub.idle();
      answers.remember(response.headers, body);
      const ok = example.expectedStatus === undefined ? response.status < 400 : response.status === example.expectedStatus;
      if (!ok)
        failures.push(
          `${label}\n  answered ${response.status}${example.expectedStatus ? ` (expected ${example.expectedStatus})` : ''}: ${body.slice(0, 300)}`,
        );
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

/** A curl command line as a fetch: the flags the docs use (-X, -H, -d, --data-binary, -s, -i). */
function curlRequest(words: readonly string[], files: ReadonlyMap<string, string>): { url: string; init: RequestInit } {
  let method: string | undefined;
  let body: string | undefined;
  let url: string | undefined;
  const headers = new Headers();
  for (let index = 1; index < words.length; index++) {
    const word = words[index]!;
    const next = () => {
      const value = words[++index];
      if (value === undefined) throw new Error(`curl ${word} needs a value`);
      return value;
    };
    if (word === '-X' || word === '--request') method = next();
    else if (word === '-H' || word === '--header') {
      const header = next();
      const colon = header.indexOf(':');
      headers.set(header.slice(0, colon).trim(), header.slice(colon + 1).trim());
    } else if (word === '-d' || word === '--data' || word === '--data-binary' || word === '--data-raw') {
      const data = next();
      if (data.startsWith('@') && word !== '--data-raw') {
        const file = files.get(data.slice(1));
        if (file === undefined) throw new Error(`curl names ${data}, which no block in the docs holds`);
        body = file;
      } else body = data;
    } else if (/^-[si]+$/.test(word) || word === '--silent' || word === '--include') {
      // Output options: nothing to send.
    } else if (word.startsWith('-')) throw new Error(`The docs use curl ${word}, which this test does not read: add it here`);
    else url = word;
  }
  if (!url) throw new Error(`curl without an address: ${words.join(' ')}`);
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded');
  return { url, init: { method: method ?? (body === undefined ? 'GET' : 'POST'), headers, ...(body === undefined ? {} : { body }) } };
}

const execFileAsync = promisify(execFile);

async function runSyncClient(args: readonly string[], cwd: string): Promise<{ exitCode: number; output: string }> {
  try {
    await execFileAsync(process.execPath, [SYNC_CLIENT, ...args], { cwd, timeout: 60_000 });
    return { exitCode: 0, output: '' };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string; message: string };
    return { exitCode: typeof failed.code === 'number' ? failed.code : 1, output: (failed.stderr ?? failed.message).slice(0, 500) };
  }
}
