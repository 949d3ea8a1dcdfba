// How an app written in TypeScript uses the SDK: module.test.js compiles this against the-eye.d.ts. The
// lines marked as expected errors are misuse the declarations must refuse (the compiler fails if one is accepted).
import { createTracker, type AcceptedEvent, type DropReason, type ReceiptStatus, type TheEyeEvent, type Tracker } from '../../the-eye.js';

const tracker: Tracker = createTracker({
  endpoint: 'https://events.example.com',
  application: '0e302fce-66ad-4721-911e-0ab9d33697bf',
  consent: 'pending',
  autoPageviews: true,
  maxQueue: 500,
  maxQueueBytes: 500_000,
  beforeSend(event: TheEyeEvent) {
    if (event.name === 'secret') return null;
    const { email, ...data } = event.data;
    return { ...event, data };
  },
  onDrop(events: TheEyeEvent[], reason: DropReason) {
    console.warn(`${events.length} dropped (${reason})`);
  },
  onReceipt(events: AcceptedEvent[]) {
    for (const event of events) if (event.receipt) receipts.push(event.receipt);
  },
});
const receipts: string[] = [];
const asked: ReceiptStatus | null = await tracker.receipt('a-receipt');
if (asked && asked.status === 'invalid') console.log(asked.errors.map((error) => `${error.field}: ${error.message}`));

tracker.track('page interaction', 'cta click', { host: location.host, path: '/', element: 'signup', nested: { ok: [1, 'two', null] } });
tracker.page();
tracker.page({ section: 'docs' });
tracker.identify('user-42', { plan: 'pro' });
tracker.optIn();
tracker.optOut();
tracker.reset();
const { sent, refused, dropped, queued }: { sent: number; refused: number; dropped: number; queued: number } = tracker.stats();
const ids: string[] = [tracker.anonymousId, tracker.sessionId];
const user: string | null = tracker.userId;
const consent: 'granted' | 'pending' | 'denied' = tracker.consent;
await tracker.flush();
console.log(sent, refused, dropped, queued, ids, user, consent);

// @ts-expect-error endpoint and application are required
createTracker({ endpoint: 'https://events.example.com' });
// @ts-expect-error a receipt is a string
tracker.receipt(42);
// @ts-expect-error consent is one of three words
createTracker({ endpoint: 'e', application: 'a', consent: 'maybe' });
// @ts-expect-error a drop reason is one of four words
const reason: DropReason = 'lost';
// @ts-expect-error data is an object of JSON values
tracker.track('page interaction', 'pageview', 'not an object');
// @ts-expect-error functions are not JSON
tracker.track('page interaction', 'pageview', { callback: () => 1 });
// @ts-expect-error identify needs a user id
tracker.identify();
// @ts-expect-error the anonymous id is read-only
tracker.anonymousId = 'mine';
console.log(reason);
