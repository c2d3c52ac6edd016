/** Per-check records, appended by every test file and summarised once at the end of the run. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';

export type Daemon =
  | 'OpenSSH'
  | 'PostgreSQL'
  | 'libpq'
  | 'MariaDB'
  | 'MySQL 8 (names only)'
  | 'pgbouncer'
  | 'nginx'
  | 'Linux sysctl'
  | 'Containers (k8s, compose, docker)'
  | 'Elasticsearch (registry)'
  | 'Python/Node code'
  | 'Ansible'
  | 'cloud-init'
  | 'Terraform HCL (hcl2json)'
  | 'Connection pools'
  | 'App servers behind nginx'
  | 'Redis'
  | 'gRPC (python3-grpcio, grpc-js, grpc-go, javac)';

export interface CheckRecord {
  readonly daemon: Daemon;
  /** `generated` = engine output; `broken` = a deliberately wrong snippet that must be rejected. */
  readonly kind: 'generated' | 'broken';
  readonly label: string;
  readonly accepted: boolean;
  /** Whether the daemon reported the planned values; null where nothing is read back. */
  readonly readBack: boolean | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    realResultsFile: string;
  }
}

export function record(r: CheckRecord): void {
  appendFileSync(inject('realResultsFile'), `${JSON.stringify(r)}\n`);
}

export function readRecords(file: string): CheckRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CheckRecord);
}

const ORDER: readonly Daemon[] = [
  'OpenSSH',
  'PostgreSQL',
  'libpq',
  'pgbouncer',
  'MariaDB',
  'MySQL 8 (names only)',
  'nginx',
  'Linux sysctl',
  'Containers (k8s, compose, docker)',
  'Elasticsearch (registry)',
  'Python/Node code',
  'Ansible',
  'cloud-init',
  'Terraform HCL (hcl2json)',
  'Connection pools',
  'App servers behind nginx',
  'Redis',
  'gRPC (python3-grpcio, grpc-js, grpc-go, javac)',
];

/** The Markdown table: generated snippets checked / accepted / read back, broken ones rejected. */
export function table(records: readonly CheckRecord[]): string {
  const rows = ORDER.map((daemon) => {
    const gen = records.filter((r) => r.daemon === daemon && r.kind === 'generated');
    const broken = records.filter((r) => r.daemon === daemon && r.kind === 'broken');
    const withRead = gen.filter((r) => r.readBack !== null);
    const readOk = withRead.filter((r) => r.readBack === true).length;
    const read = withRead.length === 0 ? 'n/a' : `${readOk}/${withRead.length}`;
    return `| ${daemon} | ${gen.length} | ${gen.filter((r) => r.accepted).length} | ${read} | ${broken.filter((r) => !r.accepted).length}/${broken.length} |`;
  });
  return [
    '| daemon | snippets checked | accepted | read back | broken snippets rejected |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** The failures, one line each, so the report names exactly what was refused. */
export function failures(records: readonly CheckRecord[]): string[] {
  return records
    .filter((r) => (r.kind === 'generated' ? !r.accepted || r.readBack === false : r.accepted))
    .map(
      (r) =>
        `- ${r.daemon}: ${r.kind === 'broken' ? 'broken snippet ACCEPTED' : r.accepted ? 'values not read back' : 'REJECTED'}: ${r.label}`,
    );
}
