import { getJson } from '../api/client.js';
import type { List, Notification } from '../api/types.js';
import { h } from '../ui/dom.js';
import { type Field, filterForm, filtersOf } from '../ui/filters.js';
import { utc } from '../ui/format.js';
import { pagedTable } from '../ui/paged.js';
import '../ui/views.css';
import type { View } from './view.js';

const FIELDS: readonly Field[] = [
  { name: 'channel', label: 'Channel', kind: 'select', options: ['EMAIL', 'SMS', 'WEBHOOK'] },
  {
    name: 'status',
    label: 'Status',
    kind: 'select',
    options: ['PENDING', 'SENT', 'DELIVERED', 'FAILED', 'SUPPRESSED', 'DEAD_LETTERED'],
  },
  { name: 'sourceEventId', label: 'Source event', kind: 'text', placeholder: 'event id' },
];

/** #/notifications: every e-mail, SMS and webhook with its latest state, newest first. */
export const notificationsView: View = {
  title: 'Notifications',
  mount(root, _params, query) {
    const filters = filtersOf(FIELDS, query);
    const table = pagedTable<Notification>({
      what: 'notifications',
      head: [
        'Channel',
        'Status',
        'Recipient',
        'Template',
        'Source event',
        { text: 'Attempts', num: true },
        'Created',
        'Updated',
      ],
      emptyText: 'No notification matches these filters.',
      load: (cursor, signal) =>
        getJson<List<Notification>>('/v1/notifications', { ...filters, cursor, limit: 50 }, signal),
      row: (n) =>
        h(
          'tr',
          { 'data-notification': n.notificationId },
          h('td', {}, n.channel),
          h(
            'td',
            {},
            h('span', { class: `badge status-${n.status.toLowerCase()}` }, n.status),
            n.lastError ? h('div', { class: 'source warn' }, n.lastError) : null,
          ),
          h('td', {}, n.recipientRef),
          h('td', {}, n.template),
          h('td', {}, h('code', {}, n.sourceEventId), h('div', { class: 'source' }, n.sourceTopic)),
          h('td', { class: 'num' }, n.attempts),
          h('td', {}, utc(n.createdAt)),
          h('td', {}, utc(n.updatedAt)),
        ),
    });
    root.append(
      h(
        'section',
        { class: 'page' },
        h('h1', {}, 'Notifications'),
        filterForm('/notifications', FIELDS, query),
        table.element,
      ),
    );
    void table.reload();
    return () => table.stop();
  },
};
