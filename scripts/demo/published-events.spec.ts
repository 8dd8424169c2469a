import { countsByType } from './published-events.js';

describe('countsByType (what the demo reads of GET /metrics)', () => {
  it('reads events_published_total by its type label, wherever the label stands', () => {
    const metrics = [
      '# HELP events_published_total Events the broker confirmed, by event type',
      '# TYPE events_published_total counter',
      'events_published_total{type="order.created"} 3',
      'events_published_total{service="x",type="inventory.rejected"} 2 1700000000000',
      'events_consumed_total{type="order.created",outcome="ok",reason=""} 9',
    ].join('\n');
    expect(countsByType(metrics)).toEqual(
      new Map([
        ['order.created', 3],
        ['inventory.rejected', 2],
      ]),
    );
  });

  it('counts nothing before the first event is published (the counter has no sample yet)', () => {
    expect(countsByType('# TYPE events_published_total counter\n')).toEqual(new Map());
  });
});
