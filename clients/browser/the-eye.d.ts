// Types of the-eye.js, The Eye's browser SDK (README.md beside it says what each does).

/** Whether the visitor lets events be sent: `pending` holds them (stored) until optIn(). */
export type Consent = 'granted' | 'pending' | 'denied';

/** Why events were dropped: over maxQueue/maxQueueBytes, refused by The Eye (4xx), consent denied, or unsent when a page without storage was left. */
export type DropReason = 'overflow' | 'refused' | 'consent' | 'storage';

/** A JSON value, as `data` and traits may hold. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/** An event as The Eye's API takes it (docs/API.md); `sent_at` is added to every request. */
export interface TheEyeEvent {
  session_id: string;
  category: string;
  name: string;
  data: { [key: string]: Json | undefined };
  /** ISO-8601 UTC, the browser's clock when tracked. */
  timestamp: string;
  anonymous_id: string;
  user_id?: string;
}

export interface TrackerOptions {
  /** The Eye's base URL, e.g. `https://events.example.com`. */
  endpoint: string;
  /** A trusted application's id (a UUID). */
  application: string;
  /** Events per request (default 20, at most the server's MAX_BATCH_EVENTS, 500). */
  batchSize?: number;
  /** How long an event may wait for its batch, in ms (default 5000). */
  flushInterval?: number;
  /** Events kept waiting, per tab (default 1000); beyond it the oldest are dropped ('overflow'). */
  maxQueue?: number;
  /** Characters of JSON kept waiting, per tab (default 1,000,000); beyond it the oldest are dropped ('overflow'). */
  maxQueueBytes?: number;
  /** A tab's session ends after this many ms without events (default 30 min). */
  sessionTimeout?: number;
  /** The first retry's delay cap in ms (default 1000); it doubles up to maxRetryDelay (default 60000). */
  minRetryDelay?: number;
  maxRetryDelay?: number;
  /** Consent until the visitor chooses with optIn()/optOut(), whose choice is kept (default 'granted'). */
  consent?: Consent;
  /** A page view on load and on every pushState and popstate (default false). */
  autoPageviews?: boolean;
  /** Sees each event before it is stored or sent: return it (changed or not), or null to drop it. */
  beforeSend?: (event: TheEyeEvent) => TheEyeEvent | null | undefined;
  /** Told about every event dropped unsent, with why. */
  onDrop?: (events: TheEyeEvent[], reason: DropReason) => void;
  /** Told the events of each accepted request as The Eye echoed them, each with its id and receipt (none for what left by sendBeacon, which gets no answer). */
  onReceipt?: (events: AcceptedEvent[]) => void;
}

/** An event The Eye accepted (202), as it echoed it: its id, and the receipt to ask tracker.receipt() about. */
export interface AcceptedEvent extends TheEyeEvent {
  id: string;
  /** Absent only when The Eye could not sign receipts yet. */
  receipt?: string;
}

/** What became of an accepted event: pending while queued, then stored or invalid (with the processor's reasons, never the event's data), or deleted (its person or its session was deleted: removed, or never stored). */
export interface ReceiptStatus {
  status: 'pending' | 'stored' | 'invalid' | 'deleted';
  errors: { field: string; message: string }[];
}

export interface TrackerStats {
  /** Events The Eye accepted (or handed to sendBeacon). */
  sent: number;
  /** Events The Eye refused (400, 401, 403): never retried. */
  refused: number;
  /** Events dropped unsent: overflow, consent, storage. */
  dropped: number;
  /** Events waiting in this tab now. */
  queued: number;
}

export interface Tracker {
  /** This tab's session id; a new one after sessionTimeout without events, or reset(). */
  readonly sessionId: string;
  /** A UUID made once per browser and application, sent with every event as anonymous_id. */
  readonly anonymousId: string;
  /** The user id given to identify(), sent with every event as user_id; null before, or after reset(). */
  readonly userId: string | null;
  /** The consent in force: the visitor's choice if made, else the option. */
  readonly consent: Consent;
  /** Queues one event, timestamped now; it is stored before track returns. */
  track(category: string, name: string, data?: { [key: string]: Json | undefined }): void;
  /** A page view (`page interaction` / `pageview`) with host, path, url, referrer, title and the landing page's utm_* fields. */
  page(properties?: { [key: string]: Json | undefined }): void;
  /** Later events carry this user id, across reloads; the traits go out as an `identify` event. */
  identify(userId: string, traits?: { [key: string]: Json | undefined }): void;
  /** On logout: forgets the user id, makes a new anonymous id and session. */
  reset(): void;
  /** The visitor consents: held events are sent, and later ones. */
  optIn(): void;
  /** The visitor refuses: held events are dropped, and every later one; nothing is sent, not even a beacon. */
  optOut(): void;
  /** What became of an accepted event, by its receipt (see onReceipt); null when The Eye does not know the receipt (404). Rejects on any other failure (401, 503, network). */
  receipt(receipt: string): Promise<ReceiptStatus | null>;
  /** Counts of this tracker's events. */
  stats(): TrackerStats;
  /** Resolves when every event tracked so far was answered (stored, or refused and dropped); waits while consent is pending or the browser offline. */
  flush(): Promise<void>;
}

/** Creates a tracker; throws a TypeError without endpoint or application. */
export function createTracker(options: TrackerOptions): Tracker;
