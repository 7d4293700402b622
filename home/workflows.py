"""What the 审核发布 workflow does when its last step approves.

Wagtail imports this while its own models are still loading (``WAGTAIL_FINISH_WORKFLOW_ACTION``
is read as ``WorkflowState`` is defined): keep it free of imports at module level.
"""


def publish_approved_workflow_state(workflow_state, user=None):
    """Publish the approved page. The approver (签发) has no right to publish directly
    (home/publishing.py); the approved workflow is what authorises this publication."""
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
