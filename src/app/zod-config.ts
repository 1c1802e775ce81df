import { z } from 'zod';

// Imported first by every entry point: zod must not probe for eval (the Content-Security-Policy
// forbids it) before any schema is built.
z.config({ jitless: true });
