'use client';
import { useState } from 'react';
import { APPS, APP_LABELS, ELASTICSEARCH_VERSIONS, MYSQL_VERSIONS, NGINX_FORMS, POSTGRES_VERSIONS, type NginxForm } from '@/lib/catalog';
import type { Warning } from '@/lib/types';
import type { ConfigState } from '../useConfig';
import { WarningList } from '../results/WarningList';
import { Field, inputClass } from './Field';
import { fieldsShown } from './fields';
import type { SetField } from './InputPanel';
import { TextField } from './TextField';

const ADVANCED_KEYS = ['keepalive', 'user_timeout', 'alive', 'host', 'dbhost', 'upstream', 'openssh', 'postgres', 'mysql', 'nginx', 'nginx_form', 'app', 'front', 'elasticsearch'];

/** The nginx snippet's two forms (query key nginx_form, lib/catalog.ts NGINX_FORMS). */
const NGINX_FORM_LABELS = {
  merge: 'Lines to merge into my upstream, server and location',
  site: 'A new site for conf.d (upstream and server blocks)',
} as const satisfies Record<NginxForm, string>;

function NginxFormSelect(props: { value: NginxForm; setField: SetField }) {
  const id = 'field-nginx_form';
  return (
    <Field id={id} label="nginx snippet" hint="Merge into the configuration you have; a whole new site only for a host without one." error={undefined}>
      <select id={id} name="nginx_form" aria-describedby={`${id}-hint`} className={`${inputClass} w-full`} value={props.value} onChange={(e) => props.setField('nginx_form', e.target.value)}>
        {NGINX_FORMS.map((f) => (
          <option key={f} value={f}>
            {NGINX_FORM_LABELS[f]}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The app server behind nginx (query key `app`): its keep-alive timeout must outlive nginx's pool timeout. */
function AppSelect(props: { value: string; setField: SetField }) {
  const id = 'field-app';
  return (
    <Field id={id} label="Application server behind nginx" hint="Its keep-alive timeout must outlast nginx's pool, or requests meet closed connections (502)." error={undefined}>
      <select id={id} name="app" aria-describedby={`${id}-hint`} className={`${inputClass} w-full`} value={props.value} onChange={(e) => props.setField('app', e.target.value)}>
        <option value="">Not said</option>
        {APPS.map((a) => (
          <option key={a} value={a}>
            {APP_LABELS[a]}
          </option>
        ))}
      </select>
    </Field>
  );
}

function VersionSelect(props: { name: string; label: string; value: string; options: readonly (string | number)[]; setField: SetField }) {
  const { name, label, value, options, setField } = props;
  const id = `field-${name}`;
  return (
    <Field id={id} label={label} error={undefined}>
      <select id={id} name={name} className={`${inputClass} w-full`} value={value} onChange={(e) => setField(name, e.target.value)}>
        {options.map((o) => (
          <option key={o} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * Versions, explicit values and names under "Advanced": only the fields the chosen target uses.
 * Open from the start when any of them is set or wrong.
 */
export function AdvancedFields(props: { state: ConfigState; setField: SetField; about: (field: string) => readonly Warning[] }) {
  const { state, setField, about } = props;
  const { raw, fieldErrors } = state;
  const { input } = state.result;
  const shown = fieldsShown(input.target);
  const has = (name: string) => shown.includes(name);
  const text = (name: string, label: string, hint: string, placeholder: string, initial = raw[name] ?? '') => (
    <TextField
      name={name}
      label={label}
      hint={hint}
      placeholder={placeholder}
      initial={initial}
      error={fieldErrors[name]}
      onChange={setField}
      extra={<WarningList warnings={about(name)} />}
    />
  );
  // Decided once per loaded state: the user's own toggling is never undone while typing.
  const [open] = useState(() => ADVANCED_KEYS.some((k) => raw[k] !== undefined || fieldErrors[k] !== undefined));
  return (
    <details open={open} className="group rounded-lg border border-slate-200 dark:border-slate-700">
      <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium text-slate-800 select-none hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-teal-600 dark:text-slate-200 dark:hover:bg-slate-900">
        Advanced: versions, explicit values, names
      </summary>
      <div className="space-y-4 px-3 pt-1 pb-3">
        {has('openssh') ? text('openssh', 'OpenSSH version', 'sshd before 9.5 probes at twice the interval.', '9.2', raw.openssh ?? input.openssh.join('.')) : null}
        {has('postgres') ? <VersionSelect name="postgres" label="PostgreSQL version" value={String(input.postgres)} options={POSTGRES_VERSIONS} setField={setField} /> : null}
        {has('mysql') ? <VersionSelect name="mysql" label="MySQL or MariaDB server version" value={input.mysql} options={MYSQL_VERSIONS} setField={setField} /> : null}
        {has('nginx') ? text('nginx', 'nginx version', 'Directives newer than this are left out.', '1.22', raw.nginx ?? input.nginx.join('.')) : null}
        {input.target === 'nginx' ? <NginxFormSelect value={input.nginx_form} setField={setField} /> : null}
        {has('app') ? <AppSelect value={input.app ?? ''} setField={setField} /> : null}
        {has('front') ? text('front', 'Load balancer in front of nginx', 'A box id such as aws-alb, or its idle timeout in seconds: nginx keeps client connections longer.', 'e.g. aws-alb or 350') : null}
        {has('elasticsearch') ? <VersionSelect name="elasticsearch" label="Elasticsearch version" value={String(input.elasticsearch)} options={ELASTICSEARCH_VERSIONS} setField={setField} /> : null}
        {text('keepalive', 'Kernel keepalive (idle : interval : probes)', 'Your own idle time, interval (s) and probe count; the page then checks them instead of choosing.', 'e.g. 60:10:6')}
        {text('user_timeout', 'TCP_USER_TIMEOUT (ms)', 'Your own value in milliseconds.', 'e.g. 90000')}
        {has('alive') ? text('alive', 'SSH alive INTERVAL:COUNT', 'ServerAliveInterval:ServerAliveCountMax (and ClientAlive*).', 'e.g. 30:3') : null}
        {has('host') ? text('host', 'ssh Host pattern', 'Which hosts the ssh_config block applies to.', '*', raw.host ?? input.host) : null}
        {has('dbhost') ? text('dbhost', 'Database host', 'Used in connection strings.', input.dbhost, raw.dbhost ?? input.dbhost) : null}
        {has('upstream') ? text('upstream', 'Upstream server (host:port)', 'The server in the upstream block.', input.upstream, raw.upstream ?? input.upstream) : null}
      </div>
    </details>
  );
}
