import { describe, expect, it } from 'vitest';
import { casesFor, distinctSnippets, label } from './harness/engine';
import { checkElasticsearchYml } from './harness/es-registry';
import { record } from './harness/results';
import type { Values } from '../../lib/types';

/** ES accepts keep_idle and keep_interval up to 300 s (FACTS.md section 7), so the plan is clamped there. */
const ES_MAX_KEEP = 300;

/** The keep_* timers exist from 7.4.0 (elastic/elasticsearch pull request 44055); older nodes refuse them. */
const knowsKeep = (release: string): boolean => {
  const [major = 0, minor = 0] = release.split('.').map(Number);
  return major > 7 || (major === 7 && minor >= 4);
};

function planned(v: Values, release: string): Map<string, string> {
  const m = new Map([['network.tcp.keep_alive', 'true']]);
  if (knowsKeep(release)) {
    m.set('network.tcp.keep_idle', String(Math.min(v.keepalive.idle, ES_MAX_KEEP)));
    m.set('network.tcp.keep_interval', String(Math.min(v.keepalive.interval, ES_MAX_KEEP)));
    m.set('network.tcp.keep_count', String(v.keepalive.count));
  }
  if (v.esPingSchedule !== undefined) m.set('transport.ping_schedule', `${v.esPingSchedule}s`);
  return m;
}

describe('every generated elasticsearch.yml uses real settings with valid values (registry check)', () => {
  const distinct = distinctSnippets('elasticsearch-yml', casesFor('elasticsearch'));
  it('has generated snippets to check', () => expect(distinct.length).toBeGreaterThan(5));
  for (const d of distinct) {
    it(label(d), () => {
      const r = checkElasticsearchYml(d.snippet.text);
      const got = new Map([...r.settings].map(([k, v]) => [k, String(v)]));
      const problems = d.cases.flatMap((c) => {
        const want = planned(c.result.plan.values, c.result.input.elasticsearch);
        const missing = [...want]
          .filter(([k, v]) => got.get(k) !== v)
          .map(([k, v]) => `${c.query}: ${k} planned ${v}, emitted ${got.get(k) ?? 'nothing'}`);
        // A key the release does not know stops the node: nothing beyond the planned keys.
        const extra = [...got.keys()]
          .filter((k) => !want.has(k))
          .map((k) => `${c.query}: ${k} emitted for Elasticsearch ${c.result.input.elasticsearch}`);
        return [...missing, ...extra];
      });
      record({
        daemon: 'Elasticsearch (registry)',
        kind: 'generated',
        label: label(d),
        accepted: r.errors.length === 0,
        readBack: problems.length === 0,
      });
      expect(r.errors).toEqual([]);
      expect(problems).toEqual([]);
    });
  }
});

describe('Elasticsearch setting registry', () => {
  it('accepts real settings, flat or nested', () => {
    expect(
      checkElasticsearchYml('network.tcp.keep_alive: true\nnetwork.tcp.keep_idle: 60\ntransport.ping_schedule: 5s\n')
        .errors,
    ).toEqual([]);
    expect(checkElasticsearchYml('transport:\n  tcp:\n    keep_interval: 10\n    keep_count: 3\n').errors).toEqual([]);
  });

  it.each([
    ['transport.tcp.keep_alive_interval: 60s\n', /unknown setting/],
    ['network.tcp.keep_interval: 60s\n', /not an integer/],
    ['network.tcp.keep_idle: 301\n', /outside -1\.\.300/],
    ['transport.ping_schedule: 5\n', /not a time value/],
  ])('rejects %s', (yml, why) => {
    const r = checkElasticsearchYml(yml);
    record({
      daemon: 'Elasticsearch (registry)',
      kind: 'broken',
      label: yml.trim(),
      accepted: r.errors.length === 0,
      readBack: null,
    });
    expect(r.errors.join('; ')).toMatch(why);
  });
});
