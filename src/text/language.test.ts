import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it('answers in ISO 639-1', () => {
    expect(
      detectLanguage('The Supreme Court ruled on Monday that police officers were entitled to immunity.'),
    ).toBe('en');
    expect(
      detectLanguage('Der Bundestag hat am Montag ein neues Gesetz beschlossen, das die Steuern senkt.'),
    ).toBe('de');
    expect(
      detectLanguage('El gobierno anunció el lunes un plan para reducir los impuestos de las empresas.'),
    ).toBe('es');
  });

  it("says 'und' for short text", () => {
    expect(detectLanguage('Hi there')).toBe('und');
    expect(detectLanguage('')).toBe('und');
  });
});
