import type { ClinicEvent } from './clinic-event';

/**
 * Where this tab is in the clinic's event stream. Ids increase strictly per clinic, so anything at
 * or below the last id seen is a duplicate (a replay overlapping the live feed). A stream reset
 * (the backend closes with 1012 after its counter restarted) makes the old position meaningless:
 * the next socket still sends `after=<last>` — the server then replays its whole window — but its
 * events are accepted from id 1 again.
 */
export type EventCursor = {
  /** The `after` to reconnect with; undefined before the first event. */
  readonly lastId: number | undefined;
  /** True when the event is new (and moves the cursor); false for a duplicate. */
  accept(event: Pick<ClinicEvent, 'id'>): AcceptResult;
  /** The stream restarted its ids: the next events start over. */
  markReset(): void;
};

/** `gap`: new, but ids were skipped — events fell out of the replay window and pages should reload. */
export type AcceptResult = 'new' | 'gap' | 'duplicate';

export function createEventCursor(): EventCursor {
  let lastId: number | undefined;
  let isReset = false;
  return {
    get lastId() {
      return lastId;
    },
    accept(event) {
      if (isReset) {
        isReset = false;
        lastId = event.id;
        return 'gap';
      }
      if (lastId === undefined) {
        lastId = event.id;
        return 'new';
      }
      if (event.id <= lastId) return 'duplicate';
      const result = event.id > lastId + 1 ? 'gap' : 'new';
      lastId = event.id;
      return result;
    },
    markReset() {
      isReset = true;
    },
  };
}
