// The template tag escapes every interpolated value.
import { describe, expect, it } from 'vitest';
import { html } from './html.ts';
import { layout } from './layout.ts';

describe('html', () => {
  it('escapes interpolated text, including quotes in attributes', () => {
    const name = `<script>alert("x")</script>'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;</p>',
    );
  });

  it('keeps nested templates and arrays as markup', () => {
    const items = ['a&b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>');
  });

  it('marks demo pages as not the real préfecture', () => {
    expect(layout({ title: 'Accueil', mode: 'demo', body: html`x` })).toMatch(/les envois sont simulés/);
    expect(layout({ title: 'Accueil', mode: 'production', body: html`x` })).not.toMatch(/simulés/);
  });
});
