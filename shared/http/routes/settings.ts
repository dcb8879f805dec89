import * as z from 'zod';
import { defineRoute } from '#shared/http/route';

const admin = { tag: 'Admin', auth: 'api-key' as const, scopes: ['admin' as const] };

export const BankDetailsBody = z.strictObject({
  account_name: z.string().trim().min(1).max(100),
  account_number: z.string().regex(/^[0-9]{6,18}$/, 'must be 6-18 digits'),
  ifsc: z.string().regex(/^[A-Z]{4}0[A-Z0-9]{6}$/, 'must be an IFSC such as HDFC0000123'),
  bank_name: z.string().trim().min(1).max(100).nullable().default(null),
});

export const SettingsDto = z.object({
  implicit_workspaces: z.boolean(),
  implicit_country: z.string(),
  implicit_currency: z.string(),
  bank_details: z
    .object({
      account_name: z.string(),
      account_number: z.string(),
      ifsc: z.string(),
      bank_name: z.string().nullable(),
    })
    .nullable(),
  updated_at: z.string().nullable(),
});

export const getSettingsRoute = defineRoute({
  ...admin,
  id: 'getProjectSettings',
  method: 'GET',
  path: '/api/v1/admin/settings',
  summary: "The key's project's settings: implicit workspaces and the bank details printed on bank-transfer invoices",
  response: SettingsDto,
  handler: 'functions/http/settings/settings.ts',
  access: { table: 'read' },
});

export const patchSettingsRoute = defineRoute({
  ...admin,
  id: 'updateProjectSettings',
  method: 'PATCH',
  path: '/api/v1/admin/settings',
  summary: "Change the key's project's settings (only the fields given)",
  body: z.strictObject({
    implicit_workspaces: z.boolean().optional(),
    implicit_country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as IN or US')
      .optional(),
    implicit_currency: z
      .string()
      .regex(/^[a-zA-Z]{3}$/, 'must be an ISO 4217 code such as inr or usd')
      .transform((c) => c.toLowerCase())
      .optional(),
    bank_details: BankDetailsBody.nullable().optional(),
  }),
  response: SettingsDto,
  handler: 'functions/http/settings/settings.ts',
  access: { table: 'write' },
  errors: [400],
});
