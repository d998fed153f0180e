import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import { type FirOutlines, type MapFlight, routeMapSvg } from '../invoice-page/map-svg.js';
import { renderInvoicePage } from '../invoice-page/render.js';
import { chargesByIds } from '../queries/charges.js';
import { crossingsOfFlights } from '../queries/crossings.js';
import { getInvoice } from '../queries/invoices.js';
import { notFound } from '../server/problem.js';
import { PRINTABLE } from '../server/schemas.js';

/** Flights the map draws at most (the first by flight date); the page says when it stops. */
const MAX_FLIGHTS_ON_MAP = 100;

/**
 * The page has no script and loads nothing: everything is refused but its inline styles
 * (and data: images), so a value that slipped past escaping still could not run.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A refusal: the page's errors stay problem+json, as every route's. */
const problem = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
} as const;

/**
 * GET /v1/invoices/:invoiceId.html: the document as a page for a billing clerk — header,
 * lines with each charge's inputs and sources, the route map over the FIRs crossed. The
 * same access and tenant rule as the JSON route: another operator's id is 404.
 */
export function invoicePageRoutes(deps: {
  db: Queryable;
  /** The api's FIR layer (main.ts), for the boundaries on the map; null: paths alone. */
  firs: FirOutlines | null;
  maxFlightsOnMap?: number;
  now?: () => number;
}): FastifyPluginAsyncJsonSchemaToTs {
  const maxFlights = deps.maxFlightsOnMap ?? MAX_FLIGHTS_ON_MAP;
  const now = deps.now ?? Date.now;
  return async (app) => {
    app.get(
      '/v1/invoices/:invoiceId.html',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['billing'],
          summary: 'An invoice or credit note as an HTML page, with its route map',
          description: `The document's header, its lines with every input of each charge and its source, the credit notes against it (linked), and an inline SVG map of its flights (the first ${maxFlights}) over the FIRs they crossed. No script and no external resource: it reads offline and prints. Errors stay problem+json.`,
          params: {
            type: 'object',
            properties: {
              invoiceId: { type: 'string', minLength: 1, maxLength: 200, pattern: PRINTABLE },
            },
            required: ['invoiceId'],
          },
          response: {
            200: {
              description: 'The page (text/html; charset=utf-8)',
              content: { 'text/html': { schema: { type: 'string' } } },
            },
            400: problem,
            401: problem,
            403: problem,
            404: problem,
            429: problem,
          },
        },
      },
      async (request, reply) => {
        const invoice = await getInvoice(deps.db, request.params.invoiceId);
        const scope = request.principal.operator;
        // Another tenant's document is answered exactly as a missing one.
        if (!invoice || (scope && invoice.operatorIcao !== scope))
          throw notFound(`invoice ${request.params.invoiceId}`);
        const flightIds = [...new Set(invoice.lines.map((l) => l.flightId))];
        const drawnIds = flightIds.slice(0, maxFlights);
        // One query each, however many lines: never one per line.
        const [charges, crossings] = await Promise.all([
          chargesByIds(
            deps.db,
            invoice.lines.map((l) => l.chargeId),
          ),
          crossingsOfFlights(deps.db, drawnIds),
        ]);
        const callsigns = new Map(invoice.lines.map((l) => [l.flightId, l.callsign] as const));
        const flights: MapFlight[] = drawnIds.map((flightId) => ({
          flightId,
          callsign: callsigns.get(flightId) ?? null,
          crossings: crossings.get(flightId) ?? [],
        }));
        const page = renderInvoicePage({
          invoice,
          charges,
          map: {
            svg: routeMapSvg(flights, deps.firs),
            flights: flightIds.length,
            drawn: drawnIds.length,
            boundaries: deps.firs !== null,
          },
          generatedAt: now(),
        });
        return reply
          .header('content-security-policy', CONTENT_SECURITY_POLICY)
          .header('x-content-type-options', 'nosniff')
          .header('referrer-policy', 'no-referrer')
          .header('cache-control', 'private, no-store')
          .type('text/html; charset=utf-8')
          .send(page);
      },
    );
  };
}
