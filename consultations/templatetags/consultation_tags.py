from django import template

from consultations.forms import CommentForm

register = template.Library()


@register.inclusion_tag("consultations/comment_form.html")
def general_comment_form(action: str, closed_message: str):
    """The form for a comment on the whole draft (an empty one: errors show on the form's own
    page, consultations.views.CommentView)."""
    return {
        "form": None if closed_message else CommentForm(),
        "action": action,
        "closed_message": closed_message,
        "article_anchor": "",
    }
