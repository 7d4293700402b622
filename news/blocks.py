from home.blocks import BaseBodyBlock


class NewsBodyBlock(BaseBodyBlock):
    """The body of a news article: every shared body block."""
