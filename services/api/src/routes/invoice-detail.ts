import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Queryable } from '@overfly/db';
import { maySee, type Principal } from '../auth/principal.js';
import type { FirOutlines } from '../invoice-page/map-svg.js';
import { chargesByIds } from '../queries/charges.js';
import { crossingsOfFlights } from '../queries/crossings.js';
import { getInvoice } from '../queries/invoices.js';
import { invoiceChargesSchema, type RouteMap, routeMapSchema } from '../schemas/invoice.js';
import { notFound } from '../server/problem.js';
import { PRINTABLE, problemResponses } from '../server/schemas.js';
import { thinRing } from './airspace.js';

/** Flights the route map carries at most (the first by flight date), as the HTML page draws. */
const MAX_FLIGHTS_ON_MAP = 100;

const invoiceParams = {
  type: 'object',
  properties: {
    invoiceId: { type: 'string', minLength: 1, maxLength: 200, pattern: PRINTABLE },
  },
  required: ['invoiceId'],
} as const;

/**
 * The invoice's charges and its route map as JSON, for the web page's invoice view: the same
 * data the HTML page (invoice-page.ts) renders, the same access and tenant rule (another
 * operator's id is 404). One query each, however many lines.
 */
export function invoiceDetailRoutes(deps: {
  db: Queryable;
  /** The api's FIR layer, for the boundaries of the FIRs crossed; null: none. */
  firs: FirOutlines | null;
  maxFlightsOnMap?: number;
}): FastifyPluginAsyncJsonSchemaToTs {
  const maxFlights = deps.maxFlightsOnMap ?? MAX_FLIGHTS_ON_MAP;
  return async (app) => {
    const invoiceOf = async (principal: Principal, invoiceId: string) => {
      const invoice = await getInvoice(deps.db, invoiceId);
      // Another tenant's document is answered exactly as a missing one.
      if (!invoice || !maySee(principal, invoice.operatorIcao))
        throw notFound(`invoice ${invoiceId}`);
      return invoice;
    };

    app.get(
      '/v1/invoices/:invoiceId/charges',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['billing'],
          summary: "The charges of an invoice's lines, each input with its source",
          params: invoiceParams,
          response: { 200: invoiceChargesSchema, 404: { $ref: 'Problem#' }, ...problemResponses },
        },
      },
      async (request) => {
        const invoice = await invoiceOf(request.principal, request.params.invoiceId);
        const charges = await chargesByIds(
          deps.db,
          invoice.lines.map((l) => l.chargeId),
        );
        const seen = new Set<string>();
        const items = invoice.lines.flatMap((l) => {
          const charge = charges.get(l.chargeId);
          if (!charge || seen.has(l.chargeId)) return [];
          seen.add(l.chargeId);
          return [charge];
        });
        return { items };
      },
    );

    app.get(
      '/v1/invoices/:invoiceId/route-map',
      {
        config: { access: 'billing' },
        schema: {
          tags: ['billing'],
          summary: "An invoice's flights through their FIR crossings, and those FIRs' boundaries",
          description: `Each flight's crossings (entry and exit points) in the order flown, the first ${maxFlights} flights by flight date, with the boundaries of the FIRs they crossed: what the web page draws its route map from.`,
          params: invoiceParams,
          response: { 200: routeMapSchema, 404: { $ref: 'Problem#' }, ...problemResponses },
        },
      },
      async (request): Promise<RouteMap> => {
        const invoice = await invoiceOf(request.principal, request.params.invoiceId);
        const flightIds = [...new Set(invoice.lines.map((l) => l.flightId))];
        const drawnIds = flightIds.slice(0, maxFlights);
        const crossings = await crossingsOfFlights(deps.db, drawnIds);
        const callsigns = new Map(invoice.lines.map((l) => [l.flightId, l.callsign] as const));
        const flights = drawnIds.map((flightId) => ({
          flightId,
          callsign: callsigns.get(flightId) ?? null,
          crossings: (crossings.get(flightId) ?? []).map((c) => ({
            crossingId: c.crossingId,
            firId: c.firId,
            entry: c.entry,
            exit: c.exit,
          })),
        }));
        const crossed = [...new Set(flights.flatMap((f) => f.crossings.map((c) => c.firId)))];
        const firs = deps.firs
          ? crossed.map((id) => ({
              id,
              name: deps.firs?.byId(id)?.name ?? null,
              rings: (deps.firs?.outline(id) ?? [])
                .flat()
                .map((ring) => thinRing(ring))
                .filter((ring) => ring.length >= 8),
            }))
          : [];
        return { flights, firs, flightCount: flightIds.length, drawn: drawnIds.length };
      },
    );
  };
}
