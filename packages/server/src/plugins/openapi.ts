import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Config } from '../config';

/** OpenAPI generated from the same zod schemas that validate requests, plus a reference page. */
export const openApiPlugin = fp<{ config: Config; version: string }>(
  async (app, { config, version }) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'tipchat API',
          description: 'Chat tipping for live streamers. Errors are always `{ "error": { "code", "message", "details"? } }`.',
          version,
        },
        servers: [{ url: config.publicUrl }],
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'tipchat-openapi' },
);
