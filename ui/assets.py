"""The page's CSS and its one script (clicking ``[n]`` opens source card n at the cited passage)."""

CSS = """
.gradio-container { width: 100% !important; max-width: 1280px !important; margin: 0 auto; }
#articles, #articles * { font-family: var(--font) !important; }
#byline-header h1 { margin: 0; font-size: 1.6rem; }
#byline-header p { margin: .2rem 0 0; color: var(--body-text-color-subdued); }
#sources { max-height: 72vh; overflow-y: auto; }
.byline-status { color: var(--body-text-color-subdued); margin-bottom: .5rem; }
.byline-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6rem .8rem; margin-bottom: .6rem;
  transition: box-shadow .3s, border-color .3s; }
.byline-source.active { border-color: var(--color-accent); box-shadow: 0 0 0 2px var(--color-accent-soft); }
.byline-head { font-weight: 600; }
.byline-n { color: var(--color-accent); margin-right: .25rem; }
.byline-meta { font-size: .85rem; color: var(--body-text-color-subdued); margin: .15rem 0 .4rem; overflow-wrap: anywhere; }
.byline-context { font-size: .92rem; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; }
.byline-text { font-size: .88rem; line-height: 1.45; white-space: pre-wrap; max-height: 320px; overflow-y: auto;
  overflow-wrap: anywhere; padding: .4rem; background: var(--background-fill-secondary); border-radius: 6px; }
mark.byline-hit, mark.byline-hit-full { background: #ffe58a; color: inherit; padding: 0 .1rem; border-radius: 3px; }
.byline-source.active mark.byline-hit { background: #ffd23f; }
.byline-found { padding-left: 1.2rem; font-size: .9rem; }
.byline-query { font-size: .85rem; margin-bottom: .5rem; color: var(--body-text-color-subdued); }
a.byline-cite { text-decoration: none; font-weight: 600; cursor: pointer; }
#upload-results { overflow-wrap: anywhere; }
@media (max-width: 720px) {
  #sources { max-height: none; }
  .gradio-container { padding: 0 .4rem !important; }
}
"""

# Event delegation on the document: works for messages rendered after load.
HEAD = """
<script>
(() => {
  function showSource(n) {
    const card = document.getElementById("source-" + n);
    if (!card) return false;
    document.querySelectorAll(".byline-source.active").forEach((c) => c.classList.remove("active"));
    card.classList.add("active");
    const hit = card.querySelector("mark.byline-hit") || card;
    hit.scrollIntoView({ behavior: "smooth", block: "center" });
    return true;
  }
  document.addEventListener("click", (ev) => {
    const link = ev.target.closest && ev.target.closest('a[href^="#source-"]');
    if (!link) return;
    ev.preventDefault();
    ev.stopPropagation();
    showSource(link.getAttribute("href").slice("#source-".length));
  }, true);
  window.bylineShowSource = showSource;
})();
</script>
"""
