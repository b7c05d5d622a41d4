import {
  beneficiaryDetailsSchema,
  beneficiaryHistorySchema,
  beneficiaryIdBodySchema,
  beneficiaryIdQuerySchema,
  beneficiaryListSchema,
  beneficiarySchema,
  okSchema,
  updateBeneficiaryBodySchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../errors';
import { errorResponses } from '../../../plugins/error-responses';
import { accountOf, bearerSecurity } from '../../auth/guard';
import type { BeneficiaryService } from './service';

const tags = ['payouts'];
const errors = errorResponses(400, 401, 403, 404, 409, 422, 502);

/**
 * Where the streamer is paid in India (Cashfree Payouts beneficiaries), under `/payout`. The streamer's own account
 * only (verified email, not restricted), acting on the channel it owns: another channel's beneficiary is not found.
 * Responses carry masked numbers only.
 */
export const beneficiaryRoutes: FastifyPluginAsyncZod<{ beneficiaries: BeneficiaryService }> = async (app, { beneficiaries }) => {
  // onRequest, before the body is read: a caller without an account learns nothing, not even what a valid body is.
  app.addHook('onRequest', app.requireVerifiedAccount);

  app.get(
    '/beneficiary',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Your bank accounts and UPI ids for payouts (masked), oldest first',
        response: { 200: beneficiaryListSchema, ...errors },
      },
    },
    async (request) => {
      const streamer = await beneficiaries.streamer(accountOf(request));
      return { beneficiaries: await beneficiaries.list(streamer) };
    },
  );

  app.post(
    '/beneficiary',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Add a bank account (number + IFSC) or a UPI id to be paid to; registered at Cashfree Payouts',
        body: beneficiaryDetailsSchema,
        response: { 201: beneficiarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const streamer = await beneficiaries.streamer(accountOf(request));
      return reply.code(201).send(await beneficiaries.add(streamer, request.body));
    },
  );

  app.post(
    '/update-beneficiary',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Replace a beneficiary’s details (deleted and created again at Cashfree under the same id); verify again after',
        body: updateBeneficiaryBodySchema,
        response: { 200: beneficiarySchema, ...errors },
      },
    },
    async (request) => {
      const streamer = await beneficiaries.streamer(accountOf(request));
      return beneficiaries.update(streamer, request.body.beneficiaryId, request.body.details);
    },
  );

  app.delete(
    '/beneficiary',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Remove a beneficiary (?beneficiaryId=, or in a JSON body); refused while a payout to it is on its way',
        querystring: beneficiaryIdQuerySchema.partial(),
        // Fastify hands a DELETE without a body to validation as null.
        body: beneficiaryIdBodySchema.nullish(),
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      const fromQuery = request.query.beneficiaryId;
      const fromBody = request.body?.beneficiaryId;
      const beneficiaryId = fromQuery ?? fromBody;
      if (beneficiaryId === undefined || (fromQuery !== undefined && fromBody !== undefined && fromQuery !== fromBody)) {
        throw new AppError('VALIDATION_FAILED', 'The request is not valid', [
          { path: 'querystring.beneficiaryId', message: 'Name one beneficiary, in the query or in the body' },
        ]);
      }
      const streamer = await beneficiaries.streamer(accountOf(request));
      await beneficiaries.remove(streamer, beneficiaryId);
      return { ok: true as const };
    },
  );

  app.post(
    '/verify-beneficiary-details',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Check the bank account or UPI id with the bank; answers the beneficiary with the bank’s name and the name match',
        body: beneficiaryIdBodySchema,
        response: { 200: beneficiarySchema, ...errors },
      },
    },
    async (request) => {
      const streamer = await beneficiaries.streamer(accountOf(request));
      return beneficiaries.verify(streamer, request.body.beneficiaryId);
    },
  );

  app.get(
    '/beneficiary-history',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'What happened to your beneficiaries (added, verified, replaced, removed), newest first',
        response: { 200: beneficiaryHistorySchema, ...errors },
      },
    },
    async (request) => {
      const streamer = await beneficiaries.streamer(accountOf(request));
      return { entries: await beneficiaries.history(streamer) };
    },
  );
};
