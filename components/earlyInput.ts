/**
 * The page paints before its JavaScript runs (scripts/afterpaint.mjs), so a quick user can pick a
 * target or type a timeout before React is live. The browser keeps those edits in the form, but
 * React never heard of them: the form would say PostgreSQL while the snippets stay SSH. This replays
 * them once the page is live, as the events React listens for.
 *
 * An edit shows as a form control whose value differs from the value the server rendered
 * (defaultChecked, defaultValue, the default <option>). React tracks each input's last known value
 * on the element itself and ignores an event that does not change it, so the tracked value is first
 * set back to the rendered one (through the element's own setter, which React wraps), then the
 * user's value is restored through the prototype's setter, which React does not see.
 */
function setUnseen(el: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(el, value);
}

function defaultOption(select: HTMLSelectElement): string {
  const options = Array.from(select.options);
  return (options.find((o) => o.defaultSelected) ?? options[0])?.value ?? '';
}

/** Replays every edit made to the form's controls before hydration; returns the names replayed. */
export function replayEarlyInput(form: HTMLFormElement): string[] {
  const replayed: string[] = [];
  for (const el of Array.from(form.elements)) {
    if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
      if (el.checked === el.defaultChecked || (el.type === 'radio' && !el.checked)) continue;
      el.checked = !el.checked; // React's tracker takes the rendered state...
      el.click(); // ...and the click sets the user's choice again, as a change React sees.
      replayed.push(el.name);
    } else if (el instanceof HTMLInputElement) {
      const now = el.value;
      if (now === el.defaultValue) continue;
      el.value = el.defaultValue;
      setUnseen(el, now);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      replayed.push(el.name);
    } else if (el instanceof HTMLSelectElement) {
      if (el.value === defaultOption(el)) continue;
      el.dispatchEvent(new Event('change', { bubbles: true }));
      replayed.push(el.name);
    }
  }
  return replayed;
}
