// The bench's no-JS floor (tests/perf/floor.ts) and its machine-load figures (tests/perf/machine.ts).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFloor, stripScripts } from '../perf/floor';
import { cpuShare } from '../perf/machine';

const PAGE = [
  '<!DOCTYPE html><html><head><meta charSet="utf-8"/>',
  '<link rel="stylesheet" href="/_next/static/chunks/site.css" data-precedence="next"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/a.js"/>',
  '<link as="script" rel="preload" href="/b.js"/>',
  '<link rel="modulepreload" href="/c.js"/>',
  '<link rel="preload" as="style" href="/_next/static/chunks/site.css"/>',
  '<link rel="icon" href="/icon.svg"/>',
  '<script>(function(){history.replaceState(null,"","/")})()</script>',
  '<script src="/legacy.js" noModule=""></script>',
  '</head><body><p>the answer</p>',
  '<script id="_R_">self.x=1</script>',
  '<SCRIPT type="text/javascript">\nself.__next_f.push([1,"</p>"])\n</SCRIPT >',
  '<noscript><p>needs JavaScript</p></noscript>',
  '</body></html>',
].join('');

const FLOOR = [
  '<!DOCTYPE html><html><head><meta charSet="utf-8"/>',
  '<link rel="stylesheet" href="/_next/static/chunks/site.css" data-precedence="next"/>',
  '<link rel="preload" as="style" href="/_next/static/chunks/site.css"/>',
  '<link rel="icon" href="/icon.svg"/>',
  '</head><body><p>the answer</p>',
  '<noscript><p>needs JavaScript</p></noscript>',
  '</body></html>',
].join('');

describe('stripScripts', () => {
  it('removes every script element and script preload, and nothing else', () => {
    expect(stripScripts(PAGE)).toBe(FLOOR);
  });

  it('leaves a page without scripts as it is', () => {
    expect(stripScripts(FLOOR)).toBe(FLOOR);
  });
});

describe('buildFloor', () => {
  it('copies the export and strips every page in it, the original untouched', () => {
    const out = mkdtempSync(join(tmpdir(), 'kc-floor-test-'));
    try {
      mkdirSync(join(out, 'p'));
      mkdirSync(join(out, '_next'));
      writeFileSync(join(out, 'index.html'), PAGE);
      writeFileSync(join(out, 'p', 'one.html'), PAGE);
      writeFileSync(join(out, '_next', 'a.js'), 'self.a=1');
      const floor = buildFloor(out);
      try {
        expect(readFileSync(join(floor.dir, 'index.html'), 'utf8')).toBe(FLOOR);
        expect(readFileSync(join(floor.dir, 'p', 'one.html'), 'utf8')).toBe(FLOOR);
        expect(readFileSync(join(floor.dir, '_next', 'a.js'), 'utf8')).toBe('self.a=1');
        expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(PAGE);
      } finally {
        floor.remove();
      }
      expect(() => readFileSync(join(floor.dir, 'index.html'))).toThrow();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('cpuShare', () => {
  // /proc/stat's fields: user nice system idle iowait irq softirq steal (proc(5)).
  it('counts idle and iowait as not busy, and steal apart', () => {
    const before = [100, 0, 50, 800, 50, 0, 0, 0];
    const after = [160, 0, 70, 860, 70, 0, 0, 40];
    // 60 user + 20 system + 40 steal busy of 60 + 20 + 60 + 20 + 40 = 200 ticks.
    expect(cpuShare(before, after)).toEqual({ busy: 60, steal: 20 });
  });

  it('gives nothing without two readings or with no time between them', () => {
    expect(cpuShare(undefined, [1, 2])).toBeUndefined();
    expect(cpuShare([1, 2, 3, 4], [1, 2, 3, 4])).toBeUndefined();
  });
});
