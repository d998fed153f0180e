import './ui/style.css';
import { startApp } from './app.js';
import type { Route } from './router.js';
import { keyView } from './views/key.js';

// Each view is its own chunk: the billing views never load three.js, the globe loads it once.
const routes: Route[] = [
  { pattern: '/', view: async () => (await import('./globe/view.js')).globeView },
  { pattern: '/invoices', view: async () => (await import('./views/invoices.js')).invoicesView },
  { pattern: '/invoices/:id', view: async () => (await import('./views/invoice.js')).invoiceView },
  {
    pattern: '/batch-jobs',
    view: async () => (await import('./views/batch-jobs.js')).batchJobsView,
  },
  {
    pattern: '/batch-jobs/:id',
    view: async () => (await import('./views/batch-job.js')).batchJobView,
  },
  {
    pattern: '/disruptions',
    view: async () => (await import('./views/disruptions.js')).disruptionsView,
  },
  {
    pattern: '/disruptions/:id',
    view: async () => (await import('./views/disruption.js')).disruptionView,
  },
  {
    pattern: '/notifications',
    view: async () => (await import('./views/notifications.js')).notificationsView,
  },
  { pattern: '/key', view: () => keyView },
];

const root = document.getElementById('view');
if (root) startApp(root, routes);
