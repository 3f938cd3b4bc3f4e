'use client';

import type { ReactNode } from 'react';
import { LIMITS, type AgentForm } from '@/lib/agent/agent-form';
import { VOICE_PROVIDERS } from '@/lib/agent/agent-types';
import { FieldError, invalidProps } from './field-error';
import { fieldId } from './field-id';
import { LanguagesEditor } from './languages-editor';
import { OpeningHoursEditor } from './opening-hours-editor';
import styles from './agent.module.css';

type Props = {
  form: AgentForm;
  errors: Record<string, string>;
  publicEmergencyNumber: string;
  onChange: (changes: Partial<AgentForm>) => void;
};

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className={`card ${styles.section}`}>
      <legend className={styles.legend}>{title}</legend>
      {description && <p className={`muted ${styles.hint}`}>{description}</p>}
      <div className={styles.sectionBody}>{children}</div>
    </fieldset>
  );
}

function Toggle({ name, label, description, checked, onChange }: { name: string; label: string; description: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <div className={styles.toggle}>
      <input id={fieldId(name)} type="checkbox" checked={checked} aria-describedby={`${fieldId(name)}-hint`} onChange={(event) => onChange(event.target.checked)} />
      <div>
        <label htmlFor={fieldId(name)} className={styles.toggleLabel}>
          {label}
        </label>
        <p id={`${fieldId(name)}-hint`} className={`muted ${styles.hint}`}>
          {description}
        </p>
      </div>
    </div>
  );
}

/** Every setting `PATCH /clinics/:id/agent` accepts, grouped as an owner thinks about them. */
export function AgentSettingsForm({ form, errors, publicEmergencyNumber, onChange }: Props) {
  const text = (name: 'name' | 'voiceId' | 'onCallNumber' | 'emergencyLine') => ({
    id: fieldId(name),
    className: 'input',
    value: form[name],
    onChange: (event: { target: { value: string } }) => onChange({ [name]: event.target.value }),
  });

  return (
    <>
      <Section title="Identity and greeting">
        <div className="field">
          <label htmlFor={fieldId('name')}>Agent name</label>
          <input {...text('name')} maxLength={LIMITS.name} autoComplete="off" {...invalidProps(errors, 'name')} />
          <FieldError errors={errors} name="name" />
        </div>
        <div className="field">
          <label htmlFor={fieldId('firstMessage')}>Greeting (first message)</label>
          <textarea
            id={fieldId('firstMessage')}
            className="textarea"
            rows={3}
            maxLength={LIMITS.firstMessage}
            value={form.firstMessage}
            {...invalidProps(errors, 'firstMessage', 'firstMessage-hint')}
            onChange={(event) => onChange({ firstMessage: event.target.value })}
          />
          <p id="firstMessage-hint" className={`muted ${styles.hint}`}>
            What the agent says when it picks up. Leave it empty to use a greeting generated from the clinic name and recording notice.
          </p>
          <FieldError errors={errors} name="firstMessage" />
        </div>
        <div className="field">
          <label htmlFor={fieldId('instructions')}>Style and business instructions</label>
          <textarea
            id={fieldId('instructions')}
            className="textarea"
            rows={4}
            maxLength={LIMITS.instructions}
            value={form.instructions}
            {...invalidProps(errors, 'instructions', 'instructions-hint')}
            onChange={(event) => onChange({ instructions: event.target.value })}
          />
          <p id="instructions-hint" className={`muted ${styles.hint}`}>
            {form.instructions.length.toLocaleString('en-GB')}/{LIMITS.instructions.toLocaleString('en-GB')} characters. The safety rules always come first.
          </p>
          <FieldError errors={errors} name="instructions" />
        </div>
      </Section>

      <Section title="Voice">
        <div className={styles.twoColumns}>
          <div className="field">
            <label htmlFor={fieldId('voiceProvider')}>Provider</label>
            <select
              id={fieldId('voiceProvider')}
              className="select"
              value={form.voiceProvider}
              onChange={(event) => onChange({ voiceProvider: event.target.value as AgentForm['voiceProvider'] })}
            >
              {VOICE_PROVIDERS.map((provider) => (
                <option key={provider} value={provider}>
                  {provider === '11labs' ? 'ElevenLabs' : provider === 'playht' ? 'PlayHT' : provider.charAt(0).toUpperCase() + provider.slice(1)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={fieldId('voiceId')}>Voice id</label>
            <input {...text('voiceId')} maxLength={LIMITS.voiceId} autoComplete="off" spellCheck={false} {...invalidProps(errors, 'voiceId', 'voiceId-hint')} />
            <p id="voiceId-hint" className={`muted ${styles.hint}`}>
              As the provider names it, e.g. en-GB-SoniaNeural.
            </p>
            <FieldError errors={errors} name="voiceId" />
          </div>
        </div>
      </Section>

      <Section title="Safety and escalation">
        <Toggle
          name="safeMode"
          label="Safe Mode"
          description="The agent gives no aftercare or symptom advice of its own: it reads only your published information and offers a clinician call-back."
          checked={form.safeMode}
          onChange={(safeMode) => onChange({ safeMode })}
        />
        {!form.safeMode && (
          <p className={styles.warning} role="note">
            With Safe Mode off the agent may share general aftercare information from your documents. It still never diagnoses or advises on medication, and emergencies are always escalated.
          </p>
        )}
        <Toggle
          name="recordingEnabled"
          label="Record calls"
          description="Calls are recorded and every caller hears the recording notice."
          checked={form.recordingEnabled}
          onChange={(recordingEnabled) => onChange({ recordingEnabled })}
        />
        <div className={styles.twoColumns}>
          <div className="field">
            <label htmlFor={fieldId('onCallNumber')}>On-call number</label>
            <input {...text('onCallNumber')} type="tel" inputMode="tel" autoComplete="off" placeholder="+447700900123" {...invalidProps(errors, 'onCallNumber', 'onCallNumber-hint')} />
            <p id="onCallNumber-hint" className={`muted ${styles.hint}`}>
              Who gets urgent calls and emergency texts. International format.
            </p>
            <FieldError errors={errors} name="onCallNumber" />
          </div>
          <div className="field">
            <label htmlFor={fieldId('emergencyLine')}>Clinic emergency line</label>
            <input {...text('emergencyLine')} type="tel" inputMode="tel" autoComplete="off" placeholder="+447700900123" {...invalidProps(errors, 'emergencyLine', 'emergencyLine-hint')} />
            <p id="emergencyLine-hint" className={`muted ${styles.hint}`}>
              Given to callers after hours. Life-threatening emergencies are always sent to {publicEmergencyNumber}.
            </p>
            <FieldError errors={errors} name="emergencyLine" />
          </div>
        </div>
      </Section>

      <Section title="Opening hours" description="The agent offers appointments and quotes these hours. Times are in the clinic's time zone.">
        <OpeningHoursEditor hours={form.hours} errors={errors} onChange={(hours) => onChange({ hours })} />
      </Section>

      <Section title="Languages" description="Languages the agent answers in, first one preferred.">
        <LanguagesEditor languages={form.languages} errors={errors} onChange={(languages) => onChange({ languages })} />
      </Section>

      <Section title="Reminders and alerts">
        <Toggle name="remindDayBefore" label="Text a reminder the day before" description="Sent to the patient the day before each appointment." checked={form.remindDayBefore} onChange={(remindDayBefore) => onChange({ remindDayBefore })} />
        <Toggle name="remindTwoHoursBefore" label="Text a reminder two hours before" description="A second, short reminder on the day." checked={form.remindTwoHoursBefore} onChange={(remindTwoHoursBefore) => onChange({ remindTwoHoursBefore })} />
        <Toggle name="notifyOwnerOfBookings" label="Tell me about every booking" description="The owner is notified whenever the agent books an appointment." checked={form.notifyOwnerOfBookings} onChange={(notifyOwnerOfBookings) => onChange({ notifyOwnerOfBookings })} />
        <Toggle
          name="textOnCallForEmergencies"
          label="Text the on-call number about emergencies"
          description="When a caller describes an emergency, the on-call number gets a text at once."
          checked={form.textOnCallForEmergencies}
          onChange={(textOnCallForEmergencies) => onChange({ textOnCallForEmergencies })}
        />
      </Section>
    </>
  );
}
