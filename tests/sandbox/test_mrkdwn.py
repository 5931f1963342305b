"""mrkdwn to HTML: Slack's rules for mentions, emoji, styles, code and escaping."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from sandbox.mrkdwn import Names, as_typed, decode, mrkdwn, plain, text_object

NAMES = Names(users={"U1": "Ana Ruiz"}, channels={"C1": "crew"}, groups={"S1": "lighting"})


def test_mentions_channels_and_groups_show_names() -> None:
    out = mrkdwn("<@U1> asks <#C1> and <#C9|leads>, <!subteam^S1> and <!here>", NAMES)
    assert "@Ana Ruiz" in out and "#crew" in out and "#leads" in out
    assert "@lighting" in out and "@here" in out
    assert "U1" not in out and "C1" not in out


def test_emoji_underscores_never_start_italics() -> None:
    out = mrkdwn(":white_check_mark: Done — _really_ done :performing_arts:")
    assert "✅" in out and "🎭" in out
    assert out.count("<i>") == 1 and "<i>really</i>" in out


def test_no_styles_inside_code() -> None:
    out = mrkdwn('Try `/greenroom pulse schedule "0 10 * * 1-5"` and *bold*')
    assert '<code>/greenroom pulse schedule "0 10 * * 1-5"</code>' in out
    assert "<b>bold</b>" in out and out.count("<b>") == 1
    block = mrkdwn("```\n*not bold* <@U1>\n```", NAMES)
    assert block == '<pre class="code">*not bold* &lt;@U1&gt;</pre>'


def test_links_quotes_and_escapes() -> None:
    out = mrkdwn("<https://example.com/a?b=1&amp;c=2|the site> &lt;b&gt; &amp;\n>quoted")
    assert '<a href="https://example.com/a?b=1&amp;c=2"' in out and ">the site</a>" in out
    assert "&lt;b&gt; &amp;" in out
    assert "<blockquote>quoted</blockquote>" in out
    assert "<a" not in mrkdwn("<javascript:alert(1)|click>")


def test_plain_text_is_escaped_with_emoji() -> None:
    assert plain("<b> :tada:") == "&lt;b&gt; 🎉"
    assert text_object({"type": "plain_text", "text": "*x*"}) == "*x*"
    assert text_object({"type": "mrkdwn", "text": "*x*"}) == "<b>x</b>"


def test_what_was_typed_reads_as_typed() -> None:
    assert as_typed('pulse send <#C1|crew> "a &lt; b"', NAMES) == 'pulse send #crew "a &lt; b"'
    assert as_typed("role set <@U1> lighting", NAMES) == "role set @Ana Ruiz lighting"


TAGS = re.compile(r"</?(b|i|s|code|pre|blockquote|br|a|span)\b[^>]*>")


@given(st.text(alphabet=st.sampled_from(list("ab *_~`<>&@#:|\n")), max_size=60))
def test_any_text_renders_to_balanced_safe_markup(text: str) -> None:
    out = mrkdwn(text, NAMES)
    stripped = TAGS.sub("", out)
    assert "<" not in stripped and ">" not in stripped  # only our own tags, the rest escaped
    for tag in ("b", "i", "s", "code", "pre", "blockquote", "a", "span"):
        assert out.count(f"<{tag}>") + out.count(f"<{tag} ") == out.count(f"</{tag}>")
    assert html.unescape(stripped).count("\x00") == 0


@given(st.text(max_size=40) | st.just("&lt;b&gt; *x* &amp;"))
def test_code_spans_keep_their_text(text: str) -> None:
    inner = text.replace("`", "").replace("\n", "")
    if inner:
        out = mrkdwn(f"`{inner}`")
        assert out.startswith("<code>") and html.unescape(out[6:-7]) == decode(inner)
