import { describe, expect, it } from 'vitest';
import { webHref } from '../../src/navigation/web-href';

describe('only web addresses become links', () => {
  it('keeps https and http addresses', () => {
    expect(webHref('https://github.com/x')).toBe('https://github.com/x');
    expect(webHref('http://example.org/a?b=1')).toBe('http://example.org/a?b=1');
  });
  it('refuses script, data and protocol-handler addresses, and text that is not an address', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ms-msdt:/id PCWDiagnostic',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '/relative/path',
      'not a url',
      '',
    ])
      expect(webHref(bad), bad).toBeNull();
  });
});

describe('sources are refused where they enter unless they are web addresses', () => {
  it('a custom model or hardware citing a javascript: or data: address does not validate', async () => {
    const { ModelSpec } = await import('../../src/core/model/schema');
    const { HardwareSpec } = await import('../../src/core/hardware/schema');
    const { loadCatalogFromDisk } = await import('../../src/catalog/node');
    const catalog = loadCatalogFromDisk();
    const model = catalog.models.get('deepseek-v4-flash')!;
    const hw = catalog.hardware.get('b200')!;
    expect(ModelSpec.safeParse(model).success).toBe(true);
    expect(HardwareSpec.safeParse(hw).success).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ms-msdt:/id']) {
      const m = ModelSpec.safeParse({ ...model, sources: [bad] });
      expect(m.success).toBe(false);
      expect(m.error!.issues[0]!.message).toMatch(/https:\/\/ or http:\/\//);
      expect(HardwareSpec.safeParse({ ...hw, sources: [bad] }).success).toBe(false);
    }
  });
});
