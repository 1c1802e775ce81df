import { z } from 'zod';

/**
 * A source's address: a web address only (https: or http:). Catalog entries, custom models and
 * hardware from links and files, and measurements cite their sources with it, so a `javascript:`,
 * `data:` or protocol-handler address is refused where it enters, not only where it is shown.
 */
export const WebUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an https:// or http:// address',
});
