/** The one stylesheet, served as /assets/style.css (a file, so the CSP needs no 'unsafe-inline'). */
export const STYLESHEET = `
:root { --fg: #1d2733; --muted: #4a5563; --bg: #fdfdfc; --card: #ffffff; --line: #d5dae1; --link: #0b5394;
  --accent: #1f5f99; --flag: #b42318; --mark: #fff0a8; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: var(--bg); line-height: 1.55; font-size: 1.0625rem; }
a { color: var(--link); text-underline-offset: 2px; }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #f0a000; outline-offset: 2px; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; }
header.site { border-bottom: 1px solid var(--line); background: var(--card); }
header.site .inner, main, footer.site .inner { max-width: 56rem; margin: 0 auto; padding: .75rem 1rem; }
header.site .inner { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; }
header.site .brand { font-weight: 700; font-size: 1.2rem; color: var(--fg); text-decoration: none; }
header.site nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; flex-wrap: wrap; }
form.search { display: flex; gap: .4rem; margin-left: auto; }
form.search input { font: inherit; padding: .35rem .5rem; border: 1px solid #77808c; border-radius: 4px; min-width: 0; width: 12rem; }
form.search button { font: inherit; padding: .35rem .75rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; }
main { min-height: 60vh; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: .75rem 0 .5rem; }
h2 { font-size: 1.3rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.08rem; margin: 1.1rem 0 .3rem; }
.byline, .meta, .muted { color: var(--muted); font-size: .95rem; }
ol.stories { list-style: none; padding: 0; margin: 0; }
ol.stories > li { display: grid; grid-template-columns: 1fr auto; gap: .25rem 1rem; padding: .8rem 0; border-bottom: 1px solid var(--line); }
ol.stories h2 { font-size: 1.1rem; border: 0; margin: 0; padding: 0; }
.communities { display: flex; flex-wrap: wrap; gap: .3rem; list-style: none; margin: .25rem 0 0; padding: 0; }
.communities li, .badge { font-size: .82rem; background: #eef2f7; border: 1px solid #cdd5df; border-radius: 999px; padding: 0 .55rem; color: #24303d; }
.spark { display: block; }
sup.cites { font-size: .75em; white-space: nowrap; }
a.cite { text-decoration: none; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; color: var(--muted); padding-bottom: .3rem; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f4f8; }
tr.conflict td { background: #fff4f2; }
.flag { color: var(--flag); font-weight: 700; }
blockquote { margin: .5rem 0; padding: .25rem .9rem; border-left: 4px solid #c9d3df; background: #f7f9fb; }
blockquote p { margin: .2rem 0; }
blockquote footer { color: var(--muted); font-size: .9rem; }
ol.sources li { margin-bottom: .55rem; overflow-wrap: anywhere; }
ol.sources li:target, li:target, tr:target td { background: var(--mark); }
ul.spans { margin: .2rem 0; font-size: .92rem; }
ol.timeline { padding-left: 1.2rem; }
.stance-chart { max-width: 100%; height: auto; }
mark { background: var(--mark); color: inherit; }
.hits { list-style: none; padding: 0; }
.hits li { padding: .6rem 0; border-bottom: 1px solid var(--line); }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
.disclaimer { font-style: italic; color: var(--muted); }
footer.site { border-top: 1px solid var(--line); margin-top: 2rem; font-size: .9rem; color: var(--muted); }
.status-ok { color: #1a7f37; } .status-bad { color: var(--flag); } .status-off { color: var(--muted); }
@media (max-width: 40rem) {
  body { font-size: 1rem; }
  h1 { font-size: 1.4rem; }
  ol.stories > li { grid-template-columns: 1fr; }
  form.search { margin-left: 0; width: 100%; }
  form.search input { flex: 1; }
  th, td { padding: .35rem .3rem; }
}
`;

/** The site icon (declared in every page, so browsers do not ask for /favicon.ico). */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f5f99"/><path d="M9 23V9h8a5 5 0 0 1 0 10h-3l5 4" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>\n';
