"""Validators for the formats printed in a Chinese government site's footer."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# One-character abbreviations of the provincial-level divisions, as used in ICP and 公安 filings.
PROVINCE_ABBREVIATIONS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

validate_icp_number = RegexValidator(
    rf"^[{PROVINCE_ABBREVIATIONS}]ICP备\d{{6,10}}号(-\d{{1,4}})?$",
    _("ICP 备案号格式应为“浙ICP备05000002号”或“浙ICP备05000002号-1”。"),
)
validate_public_security_number = RegexValidator(
    rf"^[{PROVINCE_ABBREVIATIONS}]公网安备 ?\d{{14}}号$",
    _("公安备案号格式应为“浙公网安备 33010602010054号”（14 位数字）。"),
)
validate_website_code = RegexValidator(
    r"^[0-9A-Za-z]{10}$",
    _("政府网站标识码由 10 位数字或字母组成，例如“3300000001”。"),
)
validate_phone = RegexValidator(
    r"^\+?[0-9][0-9 \-()（）]{4,28}[0-9]$",
    _("请填写有效的电话号码，例如“0571-87053131”。"),
)
