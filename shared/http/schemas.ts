import * as z from 'zod';

/** Building blocks shared by route schemas. */
export const WorkspaceId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -');

export const WorkspaceParams = z.strictObject({ workspace_id: WorkspaceId });

export const IsoDateTime = z.iso.datetime({ offset: true });

export const CursorQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional().meta({
    description: "Opaque: the previous page's next_cursor, valid only for the same list and caller's project",
  }),
};
