// fast-check generators over the whole valid input space, built as raw query values.
import fc from 'fast-check';
import {
  ELASTICSEARCH_VERSIONS,
  MANAGE_KINDS,
  MYSQL_VERSIONS,
  NGINX_FORMS,
  POSTGRES_VERSIONS,
  TARGETS,
  APPS,
} from '../../lib/catalog';
import { CODE_LANGUAGES, SIDES } from '../../lib/filter';
import { MIDDLEBOXES, settableRange } from '../../lib/middleboxes';

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/** A box id, or one with a configured timeout anywhere inside its documented range. */
const box = fc.constantFrom(...MIDDLEBOXES).chain((m) => {
  const range = settableRange(m);
  return range
    ? fc.oneof(
        fc.constant(m.id),
        fc.integer({ min: range[0], max: range[1] }).map((n) => `${m.id}:${n}`),
      )
    : fc.constant(m.id);
});

/** A valid query: every field optional, every value inside its documented range. */
export const validQuery: fc.Arbitrary<string> = fc
  .record({
    target: opt(fc.constantFrom(...TARGETS)),
    idle: opt(fc.oneof(fc.integer({ min: 1, max: 604800 }), fc.integer({ min: 1, max: 1000 })).map(String)),
    // A box with a documented range sometimes carries a configured timeout inside it (via=azure-lb:1800).
    via: opt(
      fc.uniqueArray(box, { minLength: 1, maxLength: 3, selector: (v) => v.split(':')[0] }).map((a) => a.join(',')),
    ),
    goal: opt(fc.oneof(fc.integer({ min: 1, max: 604800 }), fc.integer({ min: 1, max: 2000 })).map(String)),
    keepalive: opt(
      fc
        .tuple(fc.integer({ min: 1, max: 32767 }), fc.integer({ min: 1, max: 32767 }), fc.integer({ min: 1, max: 127 }))
        .map((t) => t.join(':')),
    ),
    user_timeout: opt(fc.integer({ min: 1, max: 2147483647 }).map(String)),
    alive: opt(fc.tuple(fc.integer({ min: 1, max: 86400 }), fc.integer({ min: 1, max: 100 })).map((t) => t.join(':'))),
    host: opt(fc.constantFrom('*', 'bastion.example.com', '*.corp !jump?', 'db-1')),
    dbhost: opt(fc.constantFrom('db.internal', '10.0.0.5', '::1', 'pg')),
    upstream: opt(fc.constantFrom('127.0.0.1:9000', 'app.internal:80', '[::1]:8080')),
    openssh: opt(fc.constantFrom('7.4', '8.9', '9.2', '9.5', '10.0')),
    postgres: opt(fc.constantFrom(...POSTGRES_VERSIONS).map(String)),
    mysql: opt(fc.constantFrom(...MYSQL_VERSIONS)),
    nginx: opt(fc.constantFrom('1.18', '1.22', '1.24.0', '1.29.7', '1.30')),
    elasticsearch: opt(fc.constantFrom(...ELASTICSEARCH_VERSIONS).map(String)),
    // Any order: the codec writes them back in MANAGE_KINDS order.
    manage: opt(
      fc.uniqueArray(fc.constantFrom(...MANAGE_KINDS), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')),
    ),
    nginx_form: opt(fc.constantFrom(...NGINX_FORMS)),
    app: opt(fc.constantFrom(...APPS)),
    // A box id with a documented timeout, or seconds (a duration is written back as seconds).
    front: opt(
      fc.oneof(
        fc.constantFrom('aws-alb', 'azure-lb', 'gcp-ext-alb-client', 'aws-clb'),
        fc.integer({ min: 1, max: 86400 }).map(String),
      ),
    ),
    side: opt(fc.constantFrom(...SIDES)),
    containers: opt(fc.constantFrom('yes', 'no')),
    // Any order, or none: the codec writes them back in CODE_LANGUAGES order.
    lang: opt(
      fc.oneof(
        fc.constant('none'),
        fc.uniqueArray(fc.constantFrom(...CODE_LANGUAGES), { minLength: 1, maxLength: 4 }).map((a) => a.join(',')),
      ),
    ),
  })
  .map((r) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(r)) if (v !== undefined) params.set(k, v);
    return params.toString();
  });

/** A valid query without explicit values: what the planner chooses itself. */
export const plannedQuery: fc.Arbitrary<string> = validQuery.map((q) => {
  const p = new URLSearchParams(q);
  p.delete('keepalive');
  p.delete('alive');
  p.delete('user_timeout');
  return p.toString();
});
