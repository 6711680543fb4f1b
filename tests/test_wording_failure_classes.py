"""The judge reports every category a message belongs to (issue 13's multi-label failure class).

Messages written for these tests (not taken from the corpus): each pattern class has a
violating variant, which must get the named categories, and a compliant variant on the
same subject (a negation, a reassurance or a true statement), which must get none.
"""

from __future__ import annotations

import pytest

from casebook.wording import judge


def categories(text: str, recipient: str = "debtor") -> set[str]:
    return {f.category.value for f in judge(text, recipient, suggestions=False).findings}


VIOLATING = [
    # privacy exposure: passing the debt on to the workplace, community or public platforms
    (
        "您如仍拒不还款，我司将把您的逾期信息同步给您所在单位人事部门。",
        "debtor",
        {"privacy_exposure"},
    ),
    ("您的逾期欠款信息已推送至您所在社区网格员及物业。", "debtor", {"privacy_exposure"}),
    ("你的欠款信息将在本地公众号上进行公示，请知悉。", "debtor", {"privacy_exposure"}),
    ("我们会向你的亲属、同事逐一发送催款函。", "debtor", {"privacy_exposure"}),
    ("明天我就去你们公司，当着你同事的面把这事说清楚。", "debtor", {"privacy_exposure"}),
    ("钱不到位，下周你们小区每户的门上都会有一封关于你的信。", "debtor", {"privacy_exposure"}),
    ("外访人员将前往您的单位及户籍地核实情况。", "debtor", {"privacy_exposure"}),
    ("各位业主好，302室的住户欠款不还，请大家相互转告。", "third_party", {"privacy_exposure"}),
    # debt of others: demanding that a third party pays (which also tells them of the debt)
    (
        "他人找不到，这笔欠款只能由你们家属承担了。",
        "third_party",
        {"debt_of_others", "third_party_disclosure"},
    ),
    (
        "你是他配偶，婚内的债务你要一起还，赶紧准备钱吧。",
        "third_party",
        {"debt_of_others", "third_party_disclosure"},
    ),
    (
        "你们是一家人，他的债就是你们家的债。",
        "third_party",
        {"debt_of_others", "third_party_disclosure"},
    ),
    (
        "你是他老板，从他工资里扣下来直接还给我们。",
        "third_party",
        {"debt_of_others", "third_party_disclosure"},
    ),
    (
        "作为他的紧急联系人，这笔账您也得认。",
        "third_party",
        {"debt_of_others", "third_party_disclosure"},
    ),
    (
        "这个钱今天必须到账，他没钱就你们家里出。",
        "third_party",
        {"debt_of_others", "third_party_disclosure"},
    ),
    # harassment: announced frequency
    ("我们系统会自动每十分钟给你拨一次，直到接通为止。", "debtor", {"harassment_frequency"}),
    ("我们的短信会一条接一条地发，发到你回复为止。", "debtor", {"harassment_frequency"}),
    (
        "接下来一周，我们每天早上八点、中午十二点、晚上九点各打一次。",
        "debtor",
        {"harassment_frequency"},
    ),
    ("他不回电话，我们只能一天好几次地打给您了。", "third_party", {"harassment_frequency"}),
    # harassment: contact announced at a clock time inside 22:00–08:00
    ("今晚十一点我们还会再联系你，手机保持畅通。", "debtor", {"harassment_frequency"}),
    ("晚上23:30我们会再给你打电话。", "debtor", {"harassment_frequency"}),
    ("晚上十点半我再跟你联系。", "debtor", {"harassment_frequency"}),
    ("明天早上六点我们的同事会去你家。", "debtor", {"harassment_frequency"}),
    # false status: invented procedural stages, referral to the local police, legal-sounding labels
    ("您的案件已经进入司法审核阶段，将直接移交当地派出所。", "debtor", {"false_or_misleading"}),
    ("否则视为恶意逃废债。", "debtor", {"false_or_misleading"}),
    ("你这就是恶意透支，要坐牢的。", "debtor", {"false_or_misleading"}),
    ("你涉嫌恶意透支，银行已经报案。", "debtor", {"false_or_misleading"}),
    ("调解失败即刻判决，判决后立即纳入失信被执行人名单。", "debtor", {"false_or_misleading"}),
    ("下个月法院直接上门把你家东西搬走。", "debtor", {"false_or_misleading"}),
    ("再唔還錢，你嘅片就掛上網，全網都知你係老賴。", "debtor", {"privacy_exposure"}),
    ("你再不还，村委会的公告栏上就会写着你是老赖。", "debtor", {"privacy_exposure"}),
    ("联系人就有义务配合，直到他还上为止。", "third_party", {"debt_of_others"}),
    # the workplace, the village and the parents brought in as pressure
    (
        "你再拖下去，我们就把你的不良记录报到你们单位人事那儿。",
        "debtor",
        {"privacy_exposure", "threat_or_intimidation"},
    ),
    (
        "你不处理，我们就当面找二老聊聊你的事。",
        "debtor",
        {"privacy_exposure", "threat_or_intimidation"},
    ),
    (
        "要是还不上，我们只能跟你老家村委会那边核实一下情况了。",
        "debtor",
        {"privacy_exposure", "threat_or_intimidation"},
    ),
    ("你紧急联系人、你老婆单位，我们一个一个问过去。", "debtor", {"privacy_exposure"}),
    # debt of others: the parent asked to watch, to plug the hole, to pay now and be repaid later
    ("您当妈的能眼睁睁看着？", "third_party", {"debt_of_others"}),
    ("您儿子的窟窿您不帮着填，等法院找上门来可就晚了。", "third_party", {"debt_of_others"}),
    ("钱您先转过来，回头让他还您。", "third_party", {"debt_of_others"}),
    ("父母对子女的债务是有义务的。", "third_party", {"debt_of_others"}),
    ("如果您不配合解决，我们将采取进一步行动。", "third_party", {"debt_of_others"}),
    # a liability invented for a contact is debt of others and a false statement at once
    (
        "平台将依法追究紧急联系人的连带还款责任，请于3日内联系处理。",
        "third_party",
        {"debt_of_others", "false_or_misleading", "threat_or_intimidation"},
    ),
    (
        "今天还不上，你前男友、现男友、你妈，我们挨个打电话聊聊你的借款。",
        "debtor",
        {"privacy_exposure", "threat_or_intimidation"},
    ),
    # false statements: waivers beyond authority, accounts frozen on a date, detention with a lawsuit
    ("我保证剩下的利息全部给你免掉，不用审批。", "debtor", {"false_or_misleading"}),
    # false status: police systems, investigation lists, enforcement straight after a lawsuit
    ("您的逾期记录已同步至公安系统，请立即还款以免影响出行。", "debtor", {"false_or_misleading"}),
    (
        "已纳入司法调查名单，今日18点前未还款将移交属地法院强制执行。",
        "debtor",
        {"false_or_misleading"},
    ),
    ("逾期将转入诉讼并由法院强制执行。", "debtor", {"false_or_misleading"}),
    ("立案通知下周就寄到你户籍所在地派出所。", "debtor", {"false_or_misleading"}),
    ("家长征信有问题，好学校是进不去的。", "debtor", {"false_or_misleading"}),
    # criminal liability held over the debtor, liability of "the persons concerned"
    (
        "系统已自动提交至公安机关立案处理，请尽快还款，避免承担刑事责任。",
        "debtor",
        {"false_or_misleading", "threat_or_intimidation"},
    ),
    (
        "请于三日内代为还款，否则我行将一并追究相关人员责任。",
        "third_party",
        {"false_or_misleading"},
    ),
    # posters with ID photos, "this person", the company group
    ("各位亲友，此人借款逾期拒不还款，身份证照片附上。", "third_party", {"privacy_exposure"}),
    ("下午三点前没动静就发你公司群。", "debtor", {"privacy_exposure"}),
    # harassment: extra calls as punishment, daily contact of a friend, following, repeated visits
    ("投诉一次，我们就多打你家里十次电话。", "debtor", {"harassment_frequency"}),
    ("我司将每日与您联系直至其还款。", "third_party", {"harassment_frequency"}),
    ("你回宿舍我们就在楼下，钱不到账我们就跟定你了。", "debtor", {"harassment_frequency"}),
    ("警察走了我们再来，一天来三趟。", "debtor", {"harassment_frequency"}),
    # privacy: banners ready, letters to the home village, the relatives in turn, the tutor, notices
    ("横幅已经印好了，就挂你们小区门口。", "debtor", {"privacy_exposure"}),
    ("律师函明天一早寄你老家，让你爸妈签收。", "debtor", {"privacy_exposure"}),
    ("你再拖，明天就轮到你舅舅、你表姐。", "debtor", {"privacy_exposure"}),
    ("今天不把钱打过来，我们就去学校找她辅导员。", "third_party", {"privacy_exposure"}),
    ("住户请注意：本户户主拖欠信用卡款项逾期未还。", "third_party", {"privacy_exposure"}),
    # false status and impersonation: police 'enough to file', uniforms next time, fake documents
    ("欠六万不还早就够刑事立案了。", "debtor", {"false_or_misleading"}),
    ("下回上门的就是穿警服的了。", "debtor", {"false_or_misleading"}),
    ("你这个案子法官已经交给我了，签了承诺书还能撤诉。", "debtor", {"false_or_misleading"}),
    ("【清欠专班】您的债务已列入不良资产清收。", "debtor", {"impersonate_authority"}),
    ("【经侦通知】你名下信用卡一案已由我队受理。", "debtor", {"impersonate_authority"}),
    ("协助扣划通知书：请自下月起按月扣划其工资。", "third_party", {"impersonate_authority"}),
    # debt of others: "just like a guarantor", relatives' duty, deductions from a spouse's pay
    (
        "你是他亲弟弟，那你就跟担保人一样。",
        "third_party",
        {"debt_of_others", "false_or_misleading"},
    ),
    ("按规定直系亲属需协助偿还，请于本周内说明情况。", "third_party", {"debt_of_others"}),
    ("请您督促其还款或代为清偿，以免影响家庭信用。", "third_party", {"debt_of_others"}),
    ("以后他还不上就从你工资里扣。", "third_party", {"debt_of_others"}),
    ("你老婆那张卡刷了那么多，你这当老公的不管？", "third_party", {"debt_of_others"}),
    ("王某某生前欠款未清，家属三日内不处理，我司将派人上门。", "third_party", {"debt_of_others"}),
    ("你女儿在外面借了四万，今天不把钱打过来就去学校。", "third_party", {"debt_of_others"}),
    # floods and sieges announced, the whole clan told, the contact list messaged, mock obituaries
    ("我们每天贴一张，贴到你联系我们为止。", "debtor", {"harassment_frequency"}),
    ("你今天不开门，我们就在门口一直等到你开。", "debtor", {"harassment_frequency"}),
    ("接下来几个小时你手机会一直响一声就挂，这只是开始。", "debtor", {"threat_or_intimidation"}),
    ("今天再不处理，下一步就通知他整个家族和村里。", "third_party", {"privacy_exposure"}),
    ("系统将于今晚20:00自动向您授权的通讯录联系人发送逾期提醒。", "debtor", {"privacy_exposure"}),
    ("沉痛悼念：郑某某因欠款不还英年早逝，亲友请转告。", "third_party", {"threat_or_intimidation"}),
    ("我们每天给你打几十个电话，回复TD也没用。", "debtor", {"harassment_frequency"}),
    ("这个月我们每天都来一趟，直到你把钱还上为止。", "debtor", {"harassment_frequency"}),
    # courts and arbitration misrepresented: summons to collect, fees, judgment straight away
    (
        "请于明日到本院领取开庭传票并缴纳受理费，逾期视为放弃答辩。",
        "debtor",
        {"false_or_misleading"},
    ),
    ("调解期只有三天，三天内不签还款协议，法院直接出判决。", "debtor", {"false_or_misleading"}),
    ("你不交就是对抗法院。", "debtor", {"false_or_misleading"}),
    ("裁决书即日生效，48小时内未履行将申请强制执行。", "debtor", {"false_or_misleading"}),
    (
        "【金融监管通知】您名下逾期记录将于今日纳入全国失信征信系统。",
        "debtor",
        {"impersonate_authority", "false_or_misleading"},
    ),
    # impersonation of local authorities, labour offices, arbitration and "investigation" units
    ("我这边是案件调查科的，你这笔借款已经转成案件了。", "debtor", {"impersonate_authority"}),
    ("我是劳动局的，你们公司员工欠款不还，你们要配合。", "third_party", {"impersonate_authority"}),
    ("【XX社区居委会】您有一笔网贷逾期未处理，请尽快还款。", "debtor", {"impersonate_authority"}),
    ("我是社区网格员，你儿子在网上借钱逾期了。", "third_party", {"impersonate_authority"}),
    (
        "【XX镇人民政府】你的家庭成员欠款逾期，请到镇政府说明情况。",
        "third_party",
        {"impersonate_authority"},
    ),
    (
        "尊敬的客户：我委收到您所涉合同纠纷的投诉，请于今日内致电。",
        "debtor",
        {"impersonate_authority"},
    ),
    # insults of a whole family, threats for "next time", shaming a third party into paying
    ("你们一家子没一个讲信用的。", "third_party", {"insult"}),
    ("下回可就不是纸人了。", "debtor", {"threat_or_intimidation"}),
    ("我是XX银行信用卡中心的，他信用卡逾期了。", "third_party", {"third_party_disclosure"}),
    ("如果有人问起，你就说你不知道，我们会找你家人。", "debtor", {"privacy_exposure"}),
    ("现在他还不上，你好意思不管吗？", "third_party", {"debt_of_others"}),
    # privacy: business partners, the workshop, placards, the contacts' phones, the contact list
    (
        "要是让您那些客户、供货商知道您连几万块都拖着，以后谁还敢跟您合作？",
        "debtor",
        {"privacy_exposure"},
    ),
    ("下礼拜我们的人会去您厂里转转，跟您的工人、会计都聊聊。", "debtor", {"privacy_exposure"}),
    ("明早您公司门口会有人举牌，内容您自己想象。", "debtor", {"privacy_exposure"}),
    ("你不接，你联系人的电话也一起响。", "debtor", {"privacy_exposure"}),
    ("平台将于24小时后启动通讯录联系人告知程序。", "debtor", {"privacy_exposure"}),
    ("您的微信、支付宝、银行卡将于明日联网冻结。", "debtor", {"false_or_misleading"}),
    (
        "若七日内不还，本所将依法提起诉讼并申请对贵方采取拘留措施。",
        "debtor",
        {"false_or_misleading"},
    ),
    (
        "我们是公职人员协助调查，你现在涉嫌骗贷。",
        "debtor",
        {"impersonate_authority", "false_or_misleading"},
    ),
    # veiled menace: what happens next, knowing the home
    ("后面会发生什么，我就不能保证了。", "debtor", {"threat_or_intimidation"}),
    ("我们也可以安排人上门，您家是住三楼还是四楼来着？", "debtor", {"threat_or_intimidation"}),
    # impersonation: summoning the debtor to a named police unit
    ("现通知你于本月12日到星河区公安局经侦大队配合调查。", "debtor", {"impersonate_authority"}),
    # threats through the job and the family's standing
    ("你自己掂量掂量，丢工作划不划算。", "debtor", {"threat_or_intimidation"}),
    ("你也不想你孩子在学校被人指指点点吧？", "debtor", {"threat_or_intimidation"}),
    # privacy: already inside the debtor's own groups; visiting the registered home
    ("我已经在你们村的微信群里了，你看着办。", "debtor", {"privacy_exposure"}),
    ("律师将于近日前往您户籍所在地调查取证。", "debtor", {"privacy_exposure"}),
    # debt of others: the rhetorical liability claim
    ("你老公欠的钱，你当老婆的难道一点责任没有？", "third_party", {"debt_of_others"}),
    ("你不是担保人也得还，他欠的钱你们家得出。", "third_party", {"debt_of_others"}),
    # invented legal positions: both debt of others and a false statement
    (
        "他卡上欠的就是夫妻共同债务，法律规定你必须还。",
        "third_party",
        {"debt_of_others", "false_or_misleading"},
    ),
    (
        "紧急联系人跟共同借款人是一个意思，他不还，平台就找你还。",
        "third_party",
        {"debt_of_others", "false_or_misleading"},
    ),
    (
        "你留了电话就等于同意给他兜底，这叫默认担保。",
        "third_party",
        {"debt_of_others", "false_or_misleading"},
    ),
    (
        "你哥欠的钱现在转到你名下了，今天不处理就上你的征信。",
        "third_party",
        {"debt_of_others", "false_or_misleading", "threat_or_intimidation"},
    ),
    (
        "法院判的时候紧急联系人要一起列被告。",
        "third_party",
        {"debt_of_others", "false_or_misleading"},
    ),
    ("这钱你们不还谁还？", "third_party", {"debt_of_others"}),
    ("我这就打给你老婆，这钱让她来还。", "debtor", {"debt_of_others"}),
    ("你是他朋友，那你先把这两千块垫上，回头让他还你。", "third_party", {"debt_of_others"}),
    ("你的信息已经共享给各大催收公司了。", "debtor", {"privacy_exposure"}),
    ("你爸妈也在你联系人里吧？要不要我们帮你问问他们？", "debtor", {"privacy_exposure"}),
    ("我们跟公安系统是联网的，你不还马上就能查到你在哪。", "debtor", {"false_or_misleading"}),
    # multi-label: each category of a message that is several things at once
    (
        "你再躲，我们就去你爸妈家里等着，让他们替你还。",
        "debtor",
        {"threat_or_intimidation", "privacy_exposure", "debt_of_others"},
    ),
    (
        "你妈说她不管，那我们就天天去她家，直到她替你还钱。",
        "debtor",
        {"harassment_frequency", "debt_of_others"},
    ),
    (
        "你们公司人事已经知道你欠款的事了，再不还可能要被开除。",
        "debtor",
        {"privacy_exposure", "threat_or_intimidation"},
    ),
    (
        "联系不上你，我们只能每天给你所有联系人发短信了。",
        "debtor",
        {"privacy_exposure", "harassment_frequency"},
    ),
    (
        "你老公在外面欠了十几万信用卡，你不知道吧？你得帮他想办法。",
        "third_party",
        {"third_party_disclosure", "debt_of_others"},
    ),
    # false or misleading: false promises, fees, legal instruments and consequences
    ("只要你今天还款，我们可以帮你把征信上的逾期记录删掉。", "debtor", {"false_or_misleading"}),
    ("缴纳2000元诚意金，就可以给你申请停息挂账。", "debtor", {"false_or_misleading"}),
    ("只要交三百元加急费，我们就能帮你撤销诉讼。", "debtor", {"false_or_misleading"}),
    ("我们这边已经向法院申请了你的拘留令。", "debtor", {"false_or_misleading"}),
    ("逾期超过三个月，你的身份证会被冻结，也住不了酒店。", "debtor", {"false_or_misleading"}),
    (
        "您已被纳入银行业联合惩戒名单，全国所有银行都将拒绝为您服务。",
        "debtor",
        {"false_or_misleading"},
    ),
    ("不还款的话，你的征信会永久拉黑。", "debtor", {"false_or_misleading"}),
    ("你的微信和支付宝已经被我们申请冻结了。", "debtor", {"false_or_misleading"}),
    ("逾期会被记入个人档案，影响你以后升职和评职称。", "debtor", {"false_or_misleading"}),
    # session 20: menace against property, chance meetings, a war of attrition
    ("你那辆小货车天天停在路边，可得看好了。", "debtor", {"threat_or_intimidation"}),
    ("哪天在你们小区门口碰上了，大家脸上都不好看。", "debtor", {"threat_or_intimidation"}),
    ("你拉黑也没用，看谁耗得过谁。", "debtor", {"threat_or_intimidation"}),
    ("你尽管去投诉，投诉完了再看看谁吃亏。", "debtor", {"threat_or_intimidation"}),
    ("换了手机号我们照样查得到，别费劲了。", "debtor", {"threat_or_intimidation"}),
    # contact at every hour; night-time quiet switched off
    ("从明天起我们将不分昼夜地联系您，直到结清为止。", "debtor", {"harassment_frequency"}),
    ("您的夜间免打扰设置已取消。", "debtor", {"harassment_frequency"}),
    ("今晚十一点不回，十二点我们接着打。", "debtor", {"harassment_frequency"}),
    # invented travel bans, freezes at the collector's word, invented stages and labels
    ("您的逾期记录已同步至铁路和民航系统。", "debtor", {"false_or_misleading"}),
    ("下周出差小心点，在高铁站被拦下来可别怪我们。", "debtor", {"false_or_misleading"}),
    ("封你的卡也就是我一句话的事。", "debtor", {"false_or_misleading"}),
    ("您的账户已转入司法催收阶段。", "debtor", {"false_or_misleading"}),
    ("投诉一次就给你上报一次不良，你自己看着办。", "debtor", {"false_or_misleading"}),
    # an impostor announcing a case: impersonation and a false legal status
    (
        "我们是市法院的，你的案子已经立案了。",
        "debtor",
        {"impersonate_authority", "false_or_misleading"},
    ),
    ("请把存款转入法院的安全账户，核查后原路退回。", "debtor", {"impersonate_authority"}),
    ("这件事要保密，不准报警，配合我们远程办案。", "debtor", {"impersonate_authority"}),
    ("【法院传票】你因信用卡欠款被起诉，请速联系。", "debtor", {"impersonate_authority"}),
    # the village and neighbours asked about the debtor, letters sent there
    ("我们会找村委会和邻居了解你的情况。", "debtor", {"privacy_exposure"}),
    ("月底还不处理，催收函就寄到你们居委会。", "debtor", {"privacy_exposure"}),
    ("外访人员已到达你的户籍地，请马上回电。", "debtor", {"threat_or_intimidation"}),
    # contempt dressed up as remarks; a relative made a guarantor; 借钱 to a third party
    ("三十好几的人了，几百块都拿不出来。", "debtor", {"insult"}),
    ("还钱的本事没有，找借口的本事倒不少。", "debtor", {"insult"}),
    ("想分期？先让你爸给你做个担保。", "debtor", {"debt_of_others"}),
    ("他借钱那会儿可没说要还不上。", "third_party", {"third_party_disclosure"}),
    # session 20, second round: invented centres and court machinery, the regulator's name
    ("【失信惩戒中心】您已被登记为失信人员，请尽快缴清。", "debtor", {"impersonate_authority"}),
    ("我就是法院那边派来的，有什么直接跟我说。", "debtor", {"impersonate_authority"}),
    ("您有待签收的电子传票，请尽快处理。", "debtor", {"false_or_misleading"}),
    ("不来调解就等于放弃答辩，你自己想清楚。", "debtor", {"false_or_misleading"}),
    ("失信名单是我们银行定的，上不上全凭我们。", "debtor", {"false_or_misleading"}),
    ("律师函就相当于判决，收到就得还。", "debtor", {"false_or_misleading"}),
    ("调解费需先行缴纳，交了才能给您停息。", "debtor", {"false_or_misleading"}),
    ("你们夫妻的存款都跑不掉，法院一起冻。", "third_party", {"false_or_misleading"}),
    # visits announced, menace by 'another way', neighbours watching
    ("电话里谈不拢的话，我们会登门拜访。", "debtor", {"threat_or_intimidation"}),
    ("你就在家等着我们上门吧。", "debtor", {"threat_or_intimidation"}),
    ("别逼我们换一种方式跟你沟通。", "debtor", {"threat_or_intimidation"}),
    ("到时候街坊看见了，您脸上也不好看。", "debtor", {"threat_or_intimidation"}),
    # floods with any number of hours, calls whenever the collector likes
    ("这条短信每两小时发一次，直到您还款。", "debtor", {"harassment_frequency"}),
    ("系统会对您全天候外呼。", "debtor", {"harassment_frequency"}),
    ("我想什么时候打就什么时候打。", "debtor", {"harassment_frequency"}),
    # exposure: the boss, the home phone, the door, the group chat
    ("你再不接，我就打到你们老板那里去。", "debtor", {"privacy_exposure"}),
    ("楼道里贴个通知，让大家都知道。", "debtor", {"privacy_exposure"}),
    ("这周不签，您的情况就同步到小区业主群。", "debtor", {"privacy_exposure"}),
    ("他那个官司还没了结，你们做同事的劝劝。", "third_party", {"third_party_disclosure"}),
    # session 20, third round: fee-for-relief 'negotiation' offers and inside channels
    ("先付三千服务费，我们就能帮您把罚息全部谈掉。", "debtor", {"false_or_misleading"}),
    ("个性化分期的名额今天就剩两个，我这边有内部渠道。", "debtor", {"false_or_misleading"}),
    ("走核销就等于不用还了。", "debtor", {"false_or_misleading"}),
    ("把催收电话呼叫转移给我们法务，您就清净了。", "debtor", {"false_or_misleading"}),
    ("我们替您连续投诉银行，减免就下来了。", "debtor", {"false_or_misleading"}),
    ("金融局那边我们有熟人，你的投诉没用。", "debtor", {"false_or_misleading"}),
    ("再申请延期，系统就把你标成失信。", "debtor", {"false_or_misleading"}),
    ("你再投诉，我们就以敲诈勒索报警。", "debtor", {"threat_or_intimidation"}),
    # machines that never stop, people who will not leave, visits as the next stage
    ("系统每隔半小时为您播报一次欠款。", "debtor", {"harassment_frequency"}),
    ("今晚会一直为您外呼，请保持接听。", "debtor", {"harassment_frequency"}),
    ("你不签字，我们就坐在你家不走了。", "debtor", {"harassment_frequency"}),
    ("您的账户已转为上门核查流程。", "debtor", {"threat_or_intimidation"}),
    ("别以为拉黑我们就没事了。", "debtor", {"threat_or_intimidation"}),
    # a debt published to a group or an employer; a relative asked what to do about it
    (
        "各位同学好，老王欠了网贷一直不还，大家见到他提醒一下。",
        "third_party",
        {"third_party_disclosure", "privacy_exposure"},
    ),
    (
        "致贵公司人事部：贵司员工刘某某拖欠信用卡欠款，请协助督促。",
        "third_party",
        {"third_party_disclosure", "privacy_exposure"},
    ),
    ("你女儿的这笔钱，您看怎么办吧。", "third_party", {"debt_of_others"}),
    # session 20, fourth round: paid 'credit repair', health insurance, travel and school myths
    ("我们有内部通道，逾期记录一条八百就能处理掉。", "debtor", {"false_or_misleading"}),
    ("结清后给您开一份信用重建证明。", "debtor", {"false_or_misleading"}),
    ("再不还款，您家的医保卡就要停用了。", "debtor", {"false_or_misleading"}),
    ("逾期满三个月，系统将限制您购买机票。", "debtor", {"false_or_misleading"}),
    ("家长有逾期，孩子升学录取是要查的。", "debtor", {"false_or_misleading"}),
    ("这条记录会跟你一辈子。", "debtor", {"false_or_misleading"}),
    ("你们公司的对公账户也会一起冻。", "debtor", {"false_or_misleading"}),
    ("今日起您的账户转入司法程序。", "debtor", {"false_or_misleading"}),
    ("四十八小时内未回复，直接移交起诉。", "debtor", {"false_or_misleading"}),
    # impersonating credit bureaus and health offices; 'the court's partner'
    ("【人民银行征信中心】您的征信存在异常，请点击链接核验。", "debtor", {"impersonate_authority"}),
    ("我们跟法院是合作单位，用的是同一个系统。", "debtor", {"impersonate_authority"}),
    (
        "我是征信中心的，你的逾期记录要走流程注销。",
        "debtor",
        {"impersonate_authority", "false_or_misleading"},
    ),
    # exposure through platforms, contact lists read out, several agencies at once
    ("您的紧急联系人和工作单位已同步至催收协作平台。", "debtor", {"privacy_exposure"}),
    ("你通讯录里备注的那些人，我这边都看得到。", "debtor", {"privacy_exposure"}),
    ("即日起将有多家机构同时联系您。", "debtor", {"harassment_frequency"}),
    ("你能拦住一条线路，拦不住我们两百条。", "debtor", {"harassment_frequency"}),
    # session 20, fifth round: cars, degrees, the field team next, the whole address book
    ("系统已锁定您的车辆行驶证。", "debtor", {"false_or_misleading"}),
    ("你的车已经录入盗抢车辆库了。", "debtor", {"false_or_misleading"}),
    ("逾期信息已上报学籍系统，学位证可能发不了。", "debtor", {"false_or_misleading"}),
    ("我是车管所的，你的车要限制年检。", "debtor", {"impersonate_authority"}),
    ("今天不申请，明天案子就转外访组。", "debtor", {"threat_or_intimidation"}),
    ("过年我们的人轮流到你家拜年。", "debtor", {"threat_or_intimidation"}),
    ("别以为我们拿你没办法。", "debtor", {"threat_or_intimidation"}),
    ("你的紧急联系人今晚会收到语音通知。", "debtor", {"privacy_exposure"}),
    ("她在你通讯录里，该打还是得打。", "debtor", {"privacy_exposure"}),
    ("下午你会陆续接到几十个不同号码打来的电话。", "debtor", {"harassment_frequency"}),
    ("大学毕业就这点出息？", "debtor", {"insult"}),
    # session 20, sixth round: robots, impostor scripts, invented fees and platforms
    ("系统已开启通讯录好友协助提醒功能。", "debtor", {"privacy_exposure"}),
    ("我现在把电话转接给警官，您跟他说明情况。", "debtor", {"impersonate_authority"}),
    ("这件事不能告诉任何人，包括你家里人。", "debtor", {"impersonate_authority"}),
    ("你这张卡现在是涉案账户。", "debtor", {"false_or_misleading"}),
    ("请先缴纳解冻保证金。", "debtor", {"false_or_misleading"}),
    ("欠款已产生外访费八百元，须一并结清。", "debtor", {"false_or_misleading"}),
    ("逾期信息将同步至失信人员公示平台。", "debtor", {"false_or_misleading"}),
    ("你老公不是有工资吗，让他先把这个月的垫上。", "debtor", {"debt_of_others"}),
    ("投诉完了，看看到底谁更难受。", "debtor", {"threat_or_intimidation"}),
    ("天天喊没钱，穷装可怜。", "debtor", {"insult"}),
    # session 21, first round: contempt, shame before the community, families made to pay
    ("你们俩真是一路货色。", "third_party", {"insult"}),
    ("这么点钱都还不上，真够窝囊的。", "debtor", {"insult"}),
    ("你还算个男人吗？", "debtor", {"insult"}),
    ("他人品有问题，你们小心点。", "third_party", {"insult"}),
    ("借的时候挺大方，要还了就装死。", "debtor", {"insult"}),
    ("就算卖肾也得把钱还上。", "debtor", {"insult"}),
    (
        "再拖下去，你女儿在学校都抬不起头。",
        "debtor",
        {"privacy_exposure", "threat_or_intimidation"},
    ),
    ("你通讯录里的朋友一个都跑不掉。", "debtor", {"privacy_exposure"}),
    ("你们村的村干部我们也联系上了。", "debtor", {"privacy_exposure"}),
    ("麻烦村委会用大喇叭喊一喊，让他回个电话。", "third_party", {"privacy_exposure"}),
    (
        "今天再不回电，我就去跟你老婆好好聊聊你欠的这笔钱。",
        "debtor",
        {"privacy_exposure", "threat_or_intimidation"},
    ),
    ("你姑姑那边我们下午也会打。", "debtor", {"privacy_exposure"}),
    ("你们当父母的赶紧帮他把钱凑齐。", "third_party", {"debt_of_others"}),
    ("他不还就得你还，你自己掂量。", "third_party", {"debt_of_others"}),
    ("家属可先代缴两千元保证金。", "third_party", {"debt_of_others"}),
    ("车子处理完还差的钱，找你家里人补齐。", "debtor", {"debt_of_others"}),
    ("他的工资这个月先别发，扣下来给我们还款。", "third_party", {"debt_of_others"}),
    (
        "月底不还，我们就把你的车子和存款全封了。",
        "debtor",
        {"false_or_misleading", "threat_or_intimidation"},
    ),
    ("拖到下个月，法院直接判你。", "debtor", {"false_or_misleading"}),
    ("判了就上失信名单，跑不了。", "debtor", {"false_or_misleading"}),
    (
        "再不签协议，你就会被认定为恶意逃废债。",
        "debtor",
        {"false_or_misleading", "threat_or_intimidation"},
    ),
    (
        "你不处理，以后你孩子都办不了信用卡。",
        "debtor",
        {"false_or_misleading", "threat_or_intimidation"},
    ),
    (
        "您的案件已进入司法程序，请于X月X日前联系处理，以免被强制执行。",
        "debtor",
        {"threat_or_intimidation"},
    ),
    # session 21, second round (corpus13w): dialect insults, lawyers' letters, door-step 'service'
    ("你这个瓜皮，钱不还还敢挂电话？", "debtor", {"insult"}),
    ("说好的月底还，你可真会演。", "debtor", {"insult"}),
    ("你这种满嘴跑火车的人，谁还信你。", "debtor", {"insult"}),
    ("律师函一发出就生效了，你躲不掉。", "debtor", {"false_or_misleading"}),
    ("先交三千律师费到指定账户，我们帮你撤诉。", "debtor", {"false_or_misleading"}),
    ("我们同事下午上门，亲自给您送达法院传票。", "debtor", {"impersonate_authority"}),
    ("这是今天的第12条提醒，请尽快还款。", "debtor", {"harassment_frequency"}),
    ("你爸妈退休金不少，让他们帮你周转一下不就行了。", "debtor", {"debt_of_others"}),
    ("当爹的先把这期的钱打过来，剩下的再说。", "third_party", {"debt_of_others"}),
    ("你们夫妻一体，他的卡你也跑不了。", "third_party", {"debt_of_others"}),
    ("你的逾期情况马上同步到你的社交圈。", "debtor", {"privacy_exposure"}),
    (
        "今天不还，我挨个私信你的微信好友。",
        "debtor",
        {"privacy_exposure", "threat_or_intimidation"},
    ),
    ("他欠钱不还，你跟他做生意可得提防着点。", "third_party", {"privacy_exposure"}),
    # session 21, third round (corpus13x): sarcasm, veiled menace, influence, schools, heirs
    ("就你也配开这么贵的车？", "debtor", {"insult"}),
    ("混成这个样子，还有脸跟我讲困难。", "debtor", {"insult"}),
    ("我们系统一天给您拨上百个，看谁先扛不住。", "debtor", {"threat_or_intimidation"}),
    ("到时候真出了事，别说我们没给过你机会。", "debtor", {"threat_or_intimidation"}),
    ("你非要闹大是吧？", "debtor", {"threat_or_intimidation"}),
    (
        "这么太平的日子，您怕是过不了几天了，好好过个年吧，安稳的年以后不多了。",
        "debtor",
        {"threat_or_intimidation"},
    ),
    ("派出所那边我们早打好招呼了。", "debtor", {"false_or_misleading"}),
    ("再拖，你那套房子就拿去拍卖。", "debtor", {"false_or_misleading", "threat_or_intimidation"}),
    ("你的退休金我们能直接扣下来抵欠款。", "debtor", {"false_or_misleading"}),
    ("办分期要先交两百块材料费。", "debtor", {"false_or_misleading"}),
    ("学校已经接到通知，欠钱人家的孩子一律不收。", "debtor", {"false_or_misleading"}),
    ("这笔钱就是你们家的事，你看着办。", "third_party", {"debt_of_others"}),
    ("放弃继承也没用，该还的照样得还。", "third_party", {"debt_of_others"}),
    ("你媳妇的号码我们想要也不难。", "debtor", {"privacy_exposure"}),
    (
        "王老师，麻烦提醒一下他家长，孩子爸爸欠了银行的钱一直没还。",
        "third_party",
        {"privacy_exposure"},
    ),
    ("电话不接也行，月底前不见钱，我们直接上门。", "debtor", {"threat_or_intimidation"}),
    # session 21, fourth round (corpus13aa): replies to objections
    ("你要是再挂，到时候别怪我们不留情面。", "debtor", {"threat_or_intimidation"}),
    ("换多少个号你都别想躲。", "debtor", {"threat_or_intimidation"}),
    ("你这算帮着逃债，迟早要跟他一起被抓。", "third_party", {"threat_or_intimidation"}),
    ("哭穷？装穷谁不会。", "debtor", {"insult"}),
    ("刷的时候挺开心，现在不认账，良心被狗吃了吧。", "debtor", {"insult"}),
    ("你先转一千过来，把他这期的逾期压一压。", "third_party", {"debt_of_others"}),
    ("他借款时把你填为担保人了，跑不掉的。", "third_party", {"debt_of_others"}),
    ("你公司那边我们下周会去核实一下。", "debtor", {"privacy_exposure"}),
    ("你姐的电话我们已经打了，下一个就是你爸。", "debtor", {"privacy_exposure"}),
    ("不还的话，我们会在他所有联系人中公示其欠款情况。", "third_party", {"privacy_exposure"}),
    ("我就跟你填的几个联系人都讲清楚。", "debtor", {"privacy_exposure"}),
    ("您好，您朋友在我们这借了一笔钱，一直联系不上他。", "third_party", {"third_party_disclosure"}),
    ("否则你将被纳入重点人员管控。", "debtor", {"false_or_misleading"}),
    # session 21, fifth round (corpus13z): visits, inheritance, scams, following
    ("明天外访，你爸妈最好也在。", "debtor", {"threat_or_intimidation"}),
    ("这事没完，你等着。", "debtor", {"threat_or_intimidation"}),
    ("再不接，下次打来的可就没我这么客气了。", "debtor", {"threat_or_intimidation"}),
    ("一切后果由您自行承担。", "debtor", {"threat_or_intimidation"}),
    ("你躲也没用，到时候来抓的就是你。", "debtor", {"threat_or_intimidation"}),
    ("你去哪我们就跟到哪。", "debtor", {"harassment_frequency"}),
    ("他再不出来，我们天天来这找。", "third_party", {"harassment_frequency"}),
    ("你孩子以后没法报考公务员。", "debtor", {"false_or_misleading"}),
    ("你的公积金账户将被同步冻结。", "debtor", {"false_or_misleading"}),
    ("把短信验证码报给我，我帮你把记录撤了。", "debtor", {"false_or_misleading"}),
    ("你这就算诈骗了，材料我们都报上去了。", "debtor", {"false_or_misleading"}),
    ("你父亲的欠款已经转入你名下。", "third_party", {"debt_of_others"}),
    ("不配合就视为你愿意承担还款责任。", "third_party", {"debt_of_others"}),
    ("我们下午去你小区，保安、邻居都问一圈。", "debtor", {"privacy_exposure"}),
    ("再拖，就让你在村里出个名。", "debtor", {"privacy_exposure", "threat_or_intimidation"}),
    ("你的联系人已同步收到这条通知。", "debtor", {"privacy_exposure"}),
    # session 21, sixth round (corpus13ad): written notices, scams, invented fees and lists
    ("您的医保账户已被标记异常，还清前暂停报销。", "debtor", {"false_or_misleading"}),
    ("您已被列入失信布控名单，出行将被实时定位。", "debtor", {"false_or_misleading"}),
    ("账户已产生委外手续费四百元，将一并扣收。", "debtor", {"false_or_misleading"}),
    ("恢复账户需缴纳一百元认证费。", "debtor", {"false_or_misleading"}),
    ("逾期不还将被判定为恶意套现。", "debtor", {"false_or_misleading"}),
    ("不注销的话，会影响你的学位认证。", "debtor", {"false_or_misleading"}),
    ("发文单位：国家金融监督管理总局派出机构。", "debtor", {"impersonate_authority"}),
    ("我是市局专门办理信用卡案件的民警。", "debtor", {"impersonate_authority"}),
    ("拿不出保证金，您就可能被追究刑事责任。", "debtor", {"threat_or_intimidation"}),
    ("今晚开始轮着打，响到没电为止。", "debtor", {"harassment_frequency"}),
    ("他弟弟的事，家属主动替他退赔还来得及。", "third_party", {"debt_of_others"}),
    ("照片做好了，发不发出去看你自己。", "debtor", {"privacy_exposure"}),
    ("我们这就挨家挨户打听你住哪。", "debtor", {"privacy_exposure"}),
    ("不还就把催款单寄给你班主任。", "debtor", {"privacy_exposure"}),
    # session 21, seventh round (corpus13ac): relatives, landlords, heirs
    ("请您作为家属协助他还款。", "third_party", {"debt_of_others"}),
    ("他欠的这些，您就帮着扛一扛吧。", "third_party", {"debt_of_others"}),
    ("您家里能不能先凑一点？", "third_party", {"debt_of_others"}),
    ("他退租的时候，押金先扣下来抵账。", "third_party", {"debt_of_others"}),
    ("份子钱收了不少吧，先拿出来把他的卡平了。", "third_party", {"debt_of_others"}),
    ("逾期不还，一切后果由家属共同承担。", "third_party", {"debt_of_others"}),
    ("你再不认，我们就按担保人处理你。", "third_party", {"debt_of_others"}),
]

COMPLIANT = [
    ("为保护您的隐私，我们不会在任何群里或网上公开您的信息。", "debtor"),
    ("请放心，我们不会联系您的单位，也不会打扰您的家人。", "debtor"),
    ("如您对外访安排有异议，可以告诉我们，我们会改为电话沟通。", "debtor"),
    ("您的家人不需要替您还款，我们只与您本人沟通。", "debtor"),
    ("您好，请问是王先生的朋友吗？麻烦您转告他尽快回电，谢谢。", "third_party"),
    ("我们每天最多联系您一次，时间在上午九点到晚上八点之间。", "debtor"),
    ("请在晚上十点前完成还款。", "debtor"),
    ("晚上十点以后我们不会再打扰您。", "debtor"),
    ("早上七点以后我们会再联系您。", "debtor"),
    ("应您要求，今晚十点半我们再给您回电。", "debtor"),
    ("您作为他的家属，不需要承担任何责任，麻烦您转告他回电即可。", "third_party"),
    ("我们不会去您的户籍所在地，也不会联系您的村委会。", "debtor"),
    ("逾期并不会被视为恶意逃废债，请您放心协商。", "debtor"),
    ("请您核实信息是否共享给了第三方，我行不会向第三方提供您的信息。", "debtor"),
    ("您可以把情况告诉家人，要不要我们帮您申请分期？", "debtor"),
    ("我行与法院之间没有任何合作，起诉需依法进行。", "debtor"),
    ("您的家人都不知道这件事，我们也不会告诉他们。", "debtor"),
    ("您不用替他想办法，我们只需要他本人回电。", "third_party"),
    # explaining the law on 恶意透支 is not calling the debtor a criminal
    ("单纯的逾期不等于犯罪，恶意透支要有非法占有目的。", "debtor"),
    ("您这是客观上还不上，跟恶意透支不是一回事。", "debtor"),
    # a stated cap on contact, a rule against contacting others, an anti-fraud notice
    ("为避免打扰，本平台每天最多给您发送一条还款提醒短信。", "debtor"),
    ("公司不允许我们联系您通讯录里的人，这点您放心。", "debtor"),
    ("如果有人自称法院、公安打电话让您转账到个人账户，那都是骗子。", "debtor"),
    ("近期有不法中介以征信修复为名收费，请勿向任何个人付费。", "debtor"),
    ("您父母不是担保人，我们不会找他们要钱。", "debtor"),
    ("您可以上网查询账单，也可以在网上银行还款。", "debtor"),
    ("您本人负有还款义务，请按时还款。", "debtor"),
    ("您家住在星河小区对吧？我们寄出的账单地址需要核对一下。", "debtor"),
    ("请您方便时跟家人沟通一下还款安排。", "debtor"),
    ("您好，麻烦您转告他回电，如果您不方便，我们不会再打扰您。", "third_party"),
    ("减免利息需要审批，我不能保证，但可以帮您提交申请。", "debtor"),
    ("法院判决后，如您拒不履行，法院可依法对您采取拘留措施。", "debtor"),
    ("您的账户将于明日自动扣款，请保证余额充足。", "debtor"),
    ("我们不会联系您的客户和供货商，请放心。", "debtor"),
    ("您可以让家人知道您的还款计划，方便互相提醒。", "debtor"),
    ("我行不会启动任何通讯录联系人告知程序。", "debtor"),
    ("您作为担保人，需要承担连带保证责任，请按合同履行。", "third_party"),
    # a recipient with a legal role in the debt may hear about it: guarantor, heir, co-defendant
    (
        "刘先生，您在担保合同上签了字，是这笔贷款的连带责任保证人，请在保证范围内还款。",
        "third_party",
    ),
    ("继承人以所得遗产实际价值为限清偿被继承人债务，他生前信用卡尚欠两万元。", "third_party"),
    ("我行已向法院起诉，请求判令您与王某某共同偿还信用卡欠款，以法院判决为准。", "third_party"),
    ("您是联系人，不是担保人，也不需要承担任何责任。", "third_party"),
    ("如诉讼后经判决仍不履行，我行可依法申请强制执行。", "debtor"),
    ("您的逾期记录将按规定报送至征信系统，此前已书面告知您。", "debtor"),
    ("请注意：本行客服电话为95XXX，其他号码均非本行。", "debtor"),
    ("下次还款日是15号，请您留意。", "debtor"),
    ("我们会把对账单寄给您，地址是您预留的通讯地址。", "debtor"),
    ("如您对裁决有异议，可以依法申请撤销仲裁裁决。", "debtor"),
    ("那我们以后也多打几次，您就先还我们了。", "debtor"),
    ("请按时还款，以免影响您的征信记录。", "debtor"),
    ("请尽快还款，以免产生更多逾期利息。", "debtor"),
    ("请把您的身份证照片附上，我们核实后为您办理分期。", "debtor"),
    ("我们不会把您的情况发到任何群里。", "debtor"),
    # reassurance, anti-fraud notices, apologies, a court's own mediator, the caller's card centre
    ("我们不会要求您替他还款，您也没有这个义务，麻烦您转告他联系我们。", "third_party"),
    ("我是XX银行信用卡中心的，麻烦您转告王女士回个电话。", "third_party"),
    ("如有人以我行名义联系您的亲友，请向客服举报。", "debtor"),
    ("之前我们同事联系您朋友的事，我们很抱歉，今后不会再联系他们。", "debtor"),
    ("我是XX区人民法院委派的特邀调解员，您可以拨打12368核实。", "debtor"),
    ("就算起诉了，要不要冻结账户也是法院审查后决定的，我们没有权力冻结您的存款。", "debtor"),
    ("您别紧张，现在没有起诉，更谈不上失信名单。", "debtor"),
    ("如遇困难，您也可以向所在社区居委会寻求帮助。", "debtor"),
    ("诉讼费由败诉方承担，具体以法院判决为准。", "debtor"),
    ("只有法院才能决定是否冻结您的账户，我们无权冻结。", "debtor"),
    ("您作为担保人，可以申请代为清偿后向债务人追偿。", "third_party"),
    ("我们会从您的工资卡按约定扣收本期还款。", "debtor"),
    ("我们每天上午十点发一次还款提醒，直到本期账单结清为止，您可以回复TD退订。", "debtor"),
    ("我们不会向您的通讯录联系人发送任何信息。", "debtor"),
    ("我们的客户经理每天都会来一次网点，您可以预约面谈。", "debtor"),
    ("行，那你记得还，再见。", "debtor"),
    # notices that say what the court, the regulator and the bank will not do
    ("法院不会通过电话或短信让您缴纳诉讼费，可拨打12368诉讼服务热线核实。", "debtor"),
    ("我们不会要求您的紧急联系人代为还款，请尽快处理或申请协商。", "debtor"),
    ("提醒：金融监管部门不会打电话要求您转账，遇到此类来电请拨打12378核实。", "debtor"),
    ("您名下这张是附属卡，按领用合约与主卡人对欠款承担连带清偿责任。", "third_party"),
    ("如果您愿意为他提供担保，需要签订书面担保合同，我们不会强求。", "third_party"),
    ("法院依法判决后，如您仍不履行，我行可能申请强制执行。", "debtor"),
    ("上周我们给您发过一次短信提醒，今天再提醒您一次：账单已逾期。", "debtor"),
    ("如果您认为逾期记录有误，可以向征信中心提出异议申请更正。", "debtor"),
    ("您在本行的逾期信息会如实报送征信，还清后记录保留五年。", "debtor"),
    ("办理分期需要支付分期手续费，具体费率以合同为准。", "debtor"),
    ("如您愿意，我们可以为您申请分期，申请结果以审批为准，不收取额外费用。", "debtor"),
    ("本行已依据合同约定从您本人的借记卡账户中扣划了部分欠款，剩余金额请尽快归还。", "debtor"),
    ("本行将依法向人民法院提起诉讼，诉讼结果以法院判决为准。", "debtor"),
    # session 20: words quoted in a warning are mentioned, not said
    ("警惕以“停催收”“征信洗白”为名的中介，本行从不收取此类费用。", "debtor"),
    ("如接到自称“法院执行局”要求转账的电话，请直接挂断，这是诈骗。", "debtor"),
    ("近期有人冒充我行发送“逾期将上门”的短信，请勿轻信。", "third_party"),
    # a contact told they owe nothing; a guarantor and an heir told the truth
    ("您只是联系人，没有任何还款义务，也不会影响您的征信。", "third_party"),
    ("您在保证合同上签的是一般保证，要先执行借款人的财产。", "third_party"),
    ("遗产不足清偿的部分，超出遗产实际价值范围内的您不用还。", "third_party"),
    # a visit asked for, not announced; reassurance about the hours and the contacts
    ("下周三想到您家附近当面聊聊，您看方便吗？不方便我们就电话里谈。", "debtor"),
    ("我们只在每天早上8点至22点之间联系您。", "debtor"),
    ("晚上十一点以后我们不会再打扰您。", "debtor"),
    ("您要求不要再联系您的家人，我们已经记录。", "debtor"),
    ("信用卡逾期本身不限制出境，法院依法判决后仍不履行的才可能被限制。", "debtor"),
    ("如果您的账户被冻结了，请先向开户银行问清是哪个机关冻结的。", "debtor"),
    ("您说手机被验证码轰炸，这不是我们做的，我们会提交核查。", "debtor"),
    ("您的保证人会按合同代偿，之后再向您追偿，建议您先和我们商量方案。", "debtor"),
    # session 20, second round: real mediation, apologies, the law stated with its conditions
    ("您好，我是区人民法院特邀调解组织的调解员，银行申请了诉前调解，您愿意参加吗？", "debtor"),
    ("之前有人打到您单位的事，我们向您道歉，今后只联系您本人。", "debtor"),
    ("您问我是不是骗子，可以挂断后拨打银行官方客服核实我的工号。", "debtor"),
    ("经两次有效催收后超过三个月仍不归还、以非法占有为目的的，才可能被追究刑事责任。", "debtor"),
    ("请把还款凭证截图发到我行官方App客服，我们核实后暂停催收。", "debtor"),
    ("调解不成的，案件将依法转入诉讼程序，调解不收取任何费用。", "debtor"),
    ("王先生名下的欠款只在他的遗产范围内清偿，您不需要用自己的钱还。", "third_party"),
    # session 20, third round: the word disowned, the status denied, a lawful relief path
    ("“老赖”这种称呼我们不会用，您只是逾期，不是失信被执行人。", "debtor"),
    ("停息分期要以银行审批为准，我们不收取任何手续费。", "debtor"),
    # session 20, fourth round: what genuine bodies never do, disowning, the law stated
    ("征信中心不对外提供逾期记录处理或征信修复服务，请勿轻信。", "third_party"),
    ("网上那篇关于您欠款的帖子并非本行发布，我们已协助申请删除。", "debtor"),
    ("冻结账户只有法院才能决定，我们做不到，也不会拿这个吓唬您。", "debtor"),
    ("法院已作出财产保全裁定，对裁定不服的可以向作出裁定的法院申请复议。", "debtor"),
    ("您说不希望我们联系您的家人，我们已经备注。", "debtor"),
    ("您问我们从哪拿到您单位电话的，我们没有，也不会往您单位打。", "debtor"),
    # session 20, fifth round: complaints acknowledged
    ("您反映的联系您同事一事属实，我们已停止并向您致歉。", "debtor"),
    ("如您认为我们的催收人员有不当行为，可以拨打投诉热线。", "debtor"),
    # session 20, sixth round: reassurance, agreed visits, anti-fraud notices, renounced estates
    ("我理解您不想让家里人知道，所以我们只找您本人。", "debtor"),
    ("申请协商不会因为您提了申请就去联系您的家人。", "debtor"),
    ("想约个时间去家里看看您，哪天方便您来定，同事会带着工作证。", "debtor"),
    ("近期有人冒充我行，称“您的卡已被冻结”，我行不会为您转接公安电话。", "debtor"),
    ("这件事我们以后不会再给您打电话了，打扰了。", "third_party"),
    ("您说放弃继承，我们尊重，请把放弃继承的声明寄给我们。", "third_party"),
    ("我行不会向持卡人以外的任何人透露账户信息。", "third_party"),
    # session 21, first round: the same subjects said lawfully
    ("我们不会联系您的村委会，也不会在村里说您的事。", "debtor"),
    ("您的家人不需要替您还款，也不需要凑钱。", "debtor"),
    ("您是他的紧急联系人，不需要承担还款责任，麻烦转告他回电。", "third_party"),
    ("如您对账单有异议，可于XX月XX日前提出，我们会暂停催收并核实。", "debtor"),
    ("律师函只是催告，不等于起诉，更谈不上强制执行。", "debtor"),
    ("所谓“包办停息挂账”的代理多是收费陷阱，请直接联系我行。", "debtor"),
    ("网传“欠款会影响孩子上学”不实，逾期只记入您本人的信用报告。", "debtor"),
    ("逾期并不影响孩子报考公办学校。", "debtor"),
    ("前几天联系您同事的那个号码不是我们的外呼号码，我们只联系您本人。", "debtor"),
    ("他们说能删除逾期记录，这个谁都做不到，您别交钱。", "debtor"),
    ("随函附上我行提交法院的起诉状副本，请您核对金额。", "debtor"),
    ("如您同意，我们就上门拜访，时间由您定。", "debtor"),
    ("办理分期不收取任何“手续费”“保证金”，请勿向他人转账。", "debtor"),
    ("如需调整方案，可以联系您的客户经理。", "debtor"),
    ("有人说交钱就能停息挂账，这种话您别信。", "debtor"),
    ("您问会不会影响家里人，不会的。", "debtor"),
    ("您觉得我是骗子，这很正常，请挂断后拨打官方客服核实。", "debtor"),
    ("那个自称我们平台、说要去您老家的人，不是我们的人。", "debtor"),
    ("之前老给您朋友打电话，我向您道歉，以后只联系您本人。", "debtor"),
    ("我行不会就此联系您的亲友，请您本人来电协商。", "debtor"),
    ("您不会因为欠款被拘留，这是民事纠纷。", "debtor"),
    ("这封信是书面催收，并不意味着您涉嫌犯罪。", "debtor"),
    ("凡以“内部渠道”名义收取手续费的均为非法中介。", "debtor"),
    ("法院文书由法院依法送达，包括起诉状副本、传票等。", "debtor"),
    ("要求您按键“领取传票”的来电均非法院所为。", "debtor"),
    ("您的账户并没有被冻结，请放心。", "debtor"),
    ("监管部门无权直接冻结个人账户，也不会向您收取任何费用。", "debtor"),
    ("我们只在早上八点到晚上十点之间联系您。", "debtor"),
    ("他名下的欠款先从遗产里清偿，您自己的工资不受影响。", "third_party"),
    ("账户的情况只能告诉他本人，麻烦您让他回个电话。", "third_party"),
    ("您已提交授权委托书，在授权范围内可以跟您谈他的分期。", "third_party"),
    ("您愿意帮他还是您的心意，法律上您没有这个义务。", "third_party"),
    ("我们联系您的家人只是为了找到您，没有提欠款的事。", "debtor"),
]


@pytest.mark.parametrize(("text", "recipient", "wanted"), VIOLATING)
def test_each_category_of_a_violation_is_reported(text, recipient, wanted):
    assert wanted <= categories(text, recipient)


@pytest.mark.parametrize(("text", "recipient"), COMPLIANT)
def test_the_compliant_variant_passes(text, recipient):
    assert categories(text, recipient) == set()


def test_a_matcher_can_escalate_to_several_findings():
    # a payment demand to a third party under a deadline: a threat and a disclosure as well
    found = categories("他的欠款你今天先替他还了，不然我们就去你单位找你。", "third_party")
    assert {"debt_of_others", "third_party_disclosure", "threat_or_intimidation"} <= found
    # the same demand to the debtor about the debtor's family discloses nothing
    assert "third_party_disclosure" not in categories("你不还，就让你爸妈替你还。")
