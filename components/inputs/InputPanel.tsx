'use client';
import { TARGETS } from '@/lib/catalog';
import type { Warning } from '@/lib/types';
import type { ConfigState } from '../useConfig';
import { WarningList } from '../results/WarningList';
import { AdvancedFields } from './AdvancedFields';
import { DurationField } from './DurationField';
import { ManageField } from './ManageField';
import { RunsField } from './RunsField';
import { MiddleboxPicker } from './MiddleboxPicker';
import { TargetControl } from './TargetControl';

export type SetField = (name: string, value: string) => void;

/** Every input of the page; each field shows its own error and the warnings that concern it. */
export function InputPanel(props: { state: ConfigState; setField: SetField }) {
  const { state, setField } = props;
  const { raw, fieldErrors, rev } = state;
  const { input, plan } = state.result;
  const about = (field: string): readonly Warning[] => plan.warnings.filter((w) => w.concerns === field);
  const via = raw.via ? raw.via.split(',') : [];
  return (
    <form className="space-y-5" onSubmit={(e) => e.preventDefault()} aria-label="Your connection">
      <TargetControl value={TARGETS.find((t) => t === raw.target) ?? input.target} onChange={setField} />
      <fieldset className="space-y-3">
        <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">The path</legend>
        <MiddleboxPicker selected={via} error={fieldErrors.via} onChange={setField} />
        <WarningList warnings={about('via')} />
        <DurationField
          key={`idle-${rev}`}
          name="idle"
          label={via.length ? 'Another idle timeout on the path (optional)' : 'Idle timeout of the path'}
          hint={
            via.length
              ? 'A firewall or NAT not in the list.'
              : 'The shortest idle timeout of any firewall, NAT or load balancer between the two ends.'
          }
          placeholder={via.length ? 'none' : '300 (the default)'}
          initial={raw.idle ?? ''}
          error={fieldErrors.idle}
          onChange={setField}
        />
        <WarningList warnings={about('idle')} />
      </fieldset>
      <DurationField
        key={`goal-${rev}`}
        name="goal"
        label="Detect a dead peer within (optional)"
        hint="The worst case must not exceed this."
        placeholder="no goal"
        initial={raw.goal ?? ''}
        error={fieldErrors.goal}
        onChange={setField}
      />
      <WarningList warnings={about('goal')} />
      <RunsField raw={raw} errors={fieldErrors} onChange={setField} />
      <ManageField value={raw.manage ?? ''} error={fieldErrors.manage} onChange={setField} />
      <AdvancedFields key={`advanced-${rev}`} state={state} setField={setField} about={about} />
    </form>
  );
}
