from home.blocks import BaseBodyBlock


class ActivityBodyBlock(BaseBodyBlock):
    """The body of an activity story: every shared body block (photos included)."""
