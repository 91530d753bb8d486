#include "report/notice_texts.h"

#include <vector>

#include "report/chinese_date.h"

namespace gongkai::report {
namespace {

const char* const kReg2019 = "《中华人民共和国政府信息公开条例》";
const char* const kReg2008 = "《中华人民共和国政府信息公开条例》（国务院令第492号）";

// One outcome's decision under the 2019 Regulation: the provisions it rests on, and what it says.
struct Decision {
  std::string_view outcome;
  std::string_view basis;  // after the Regulation's name
  std::string_view text;
};

const std::vector<Decision>& decisions_2019() {
  static const std::vector<Decision> all = {
      {"disclosed", "第三十六条第（二）项",
       "您所申请公开的信息属于可以公开的政府信息，本机关决定予以公开，现向您提供该政府信息。"},
      {"already-public", "第三十六条第（一）项",
       "您所申请公开的信息已经主动公开，本机关告知您获取该政府信息的方式、途径。"},
      {"partially-disclosed", "第三十七条",
       "您所申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理，本机关向您提供可以公开的政府信息内容，并对不予公开的内容说明理由。"},
      {"withheld/state-secret", "第十四条、第三十六条第（三）项",
       "您所申请公开的信息属于依法确定为国家秘密的政府信息，本机关决定不予公开。"},
      {"withheld/prohibited-by-law", "第十四条、第三十六条第（三）项",
       "您所申请公开的信息属于法律、行政法规禁止公开的政府信息，本机关决定不予公开。"},
      {"withheld/security-stability", "第十四条、第三十六条第（三）项",
       "您所申请公开的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关决定不予公开。"},
      {"withheld/third-party-rights", "第十五条、第三十六条第（三）项",
       "您所申请公开的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，本机关决定不予公开。"},
      {"withheld/internal-affairs", "第十六条第一款、第三十六条第（三）项",
       "您所申请公开的信息属于行政机关的内部事务信息，本机关决定不予公开。"},
      {"withheld/process-information", "第十六条第二款、第三十六条第（三）项",
       "您所申请公开的信息属于行政机关在履行行政管理职能过程中形成的过程性信息，本机关决定不予公开。"},
      {"withheld/enforcement-file", "第十六条第二款、第三十六条第（三）项",
       "您所申请公开的信息属于行政执法案卷信息，本机关决定不予公开。"},
      {"withheld/administrative-inquiry", "第三十六条第（七）项",
       "您所申请公开的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请您依照有关法律、行政法规的规定办理。"},
      {"unavailable/not-held", "第三十六条第（四）项", "经检索，本机关没有您所申请公开的信息，该政府信息不存在。"},
      {"unavailable/needs-creation", "第三十八条",
       "您所申请公开的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。"},
      {"unavailable/still-unclear", "第二十九条、第三十条",
       "经补正，您的申请内容仍不明确，本机关无法确定您所申请公开的政府信息，不予处理。"},
      {"not-this-agency", "第三十六条第（五）项",
       "您所申请公开的信息不属于本机关负责公开。"},
      {"not-processed/petition-complaint", "第三十九条第一款",
       "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。"},
      {"not-processed/duplicate", "第三十六条第（六）项",
       "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。"},
      {"not-processed/publication", "第三十九条第二款",
       "您申请的内容为要求提供政府公报、报刊、书籍等公开出版物，不作为政府信息公开申请处理，您可以通过公开发行渠道获取。"},
      {"not-processed/vexatious", "第三十五条",
       "您申请公开政府信息的数量、频次明显超过合理范围，且申请理由不合理，本机关不予处理。"},
      {"not-processed/confirmation", "第二条",
       "您申请的内容为要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请，本机关不作为政府信息公开申请处理。"},
      {"not-government-information", "第二条",
       "您所申请的内容不属于本条例所指的政府信息，本机关不作为政府信息公开申请处理。"},
      {"other/fee-unpaid", "第四十二条",
       "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理您的政府信息公开申请。"},
      {"other/other", "第三十六条", "本机关对您的申请作如下处理。"},
  };
  return all;
}

// Under the 2008 Regulation (Art. 21, 22, 14): the categories it knew; other outcomes keep the
// 2019 text, resting on the 2008 Regulation as a whole.
const std::vector<Decision>& decisions_2008() {
  static const std::vector<Decision> all = {
      {"disclosed", "第二十一条第（一）项",
       "您所申请公开的信息属于公开范围，本机关决定予以公开，现告知您获取该政府信息的方式和途径。"},
      {"already-public", "第二十一条第（一）项",
       "您所申请公开的信息已经主动公开，属于公开范围，本机关告知您获取该政府信息的方式和途径。"},
      {"partially-disclosed", "第二十二条",
       "您所申请公开的信息中含有不应当公开的内容，但是能够作区分处理，本机关向您提供可以公开的信息内容。"},
      {"withheld/", "第十四条、第二十一条第（二）项", "您所申请公开的信息属于不予公开范围，本机关决定不予公开。"},
      {"unavailable/", "第二十一条第（三）项", "您所申请公开的政府信息不存在。"},
      {"not-this-agency", "第二十一条第（三）项", "您所申请公开的信息依法不属于本机关公开。"},
      {"not-government-information", "第二条", "您所申请的内容不属于本条例所指的政府信息。"},
  };
  return all;
}

const Decision* find(const std::vector<Decision>& list, std::string_view outcome) {
  for (const auto& d : list)
    if (d.outcome == outcome || (d.outcome.back() == '/' && outcome.substr(0, d.outcome.size()) == d.outcome))
      return &d;
  return nullptr;
}

}  // namespace

std::string regulation_name(int regime) { return regime == 2008 ? kReg2008 : kReg2019; }

std::string notice_basis(NoticeKind k, int regime) {
  const std::string reg = regulation_name(regime);
  if (regime == 2008) {
    switch (k) {
      case NoticeKind::correction: return reg + "第二十一条第（四）项";
      case NoticeKind::third_party: return reg + "第二十三条";
      case NoticeKind::extension: return reg + "第二十四条第二款";
      case NoticeKind::fee: return reg + "第二十七条";
      case NoticeKind::reply: return reg + "第二十一条";
    }
  }
  switch (k) {
    case NoticeKind::correction: return reg + "第三十条";
    case NoticeKind::third_party: return reg + "第三十二条";
    case NoticeKind::extension: return reg + "第三十三条第二款";
    case NoticeKind::fee: return reg + "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）";
    case NoticeKind::reply: return reg + "第三十六条";
  }
  return reg;
}

std::string notice_consequence(NoticeKind k, int regime) {
  if (regime == 2008) return "";
  switch (k) {
    case NoticeKind::correction:
      return "申请人无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。";
    case NoticeKind::third_party:
      return "第三方逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。";
    case NoticeKind::fee:
      return "申请人逾期未缴纳信息处理费的，视为放弃申请，本机关不再处理该政府信息公开申请。";
    default: return "";
  }
}

std::string fee_reason(int regime) {
  if (regime == 2008) return "本机关依您的申请提供政府信息，需收取检索、复制、邮寄等成本费用。";
  return "您申请公开政府信息的数量、频次明显超过合理范围。";
}

std::string reply_decision(std::string_view outcome, int regime, std::optional<Date> correction_on) {
  if (outcome == "other/no-correction") {
    std::string when = correction_on ? "本机关已于" + chinese_date(*correction_on) + "向您发出补正告知书，" : "";
    if (regime == 2008)
      return "根据" + regulation_name(regime) + "第二十一条第（四）项的规定，" + when +
             "您未在补正期限内作出更改、补充，本机关不再处理您的政府信息公开申请。";
    return "根据" + regulation_name(regime) + "第三十条的规定，" + when +
           "您无正当理由逾期不补正，视为放弃申请，本机关不再处理您的政府信息公开申请。";
  }
  const Decision* d = regime == 2008 ? find(decisions_2008(), outcome) : nullptr;
  if (d) return "根据" + regulation_name(regime) + std::string(d->basis) + "的规定，" + std::string(d->text);
  d = find(decisions_2019(), outcome);
  if (!d) d = find(decisions_2019(), "other/other");
  if (regime == 2008) return "根据" + regulation_name(regime) + "的规定，" + std::string(d->text);
  return "根据" + regulation_name(regime) + std::string(d->basis) + "的规定，" + std::string(d->text);
}

bool reconsideration_first(std::string_view outcome, Date answered_on, bool agency_rule) {
  return agency_rule || (outcome.substr(0, 9) == "withheld/" && answered_on >= Date::from_ymd(2024, 1, 1));
}

std::string remedy_paragraph(const std::string& organ, const std::string& court, bool first, Date answered_on) {
  // The Administrative Reconsideration Law of 2023 (in force 2024-01-01) moved the 60 days to its
  // Art. 20; the Administrative Litigation Law of 2014 (in force 2015-05-01) gave six months
  // (Art. 46) where the 1989 law gave three (Art. 39).
  const bool new_arl = answered_on >= Date::from_ymd(2024, 1, 1);
  const bool new_all = answered_on >= Date::from_ymd(2015, 5, 1);
  const std::string arl = std::string("《中华人民共和国行政复议法》") + (new_arl ? "第二十条" : "第九条");
  if (first) {
    return "根据" + arl + (new_arl ? "、第二十三条" : "") +
           "的规定，如对本答复不服，应当自知道该行政行为之日起六十日内先向" + organ +
           "申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼。";
  }
  const std::string all = std::string("《中华人民共和国行政诉讼法》") + (new_all ? "第四十六条" : "第三十九条");
  return "根据" + arl + "和" + all + "的规定，如对本答复不服，可以自知道该行政行为之日起六十日内向" + organ +
         "申请行政复议，也可以自知道该行政行为之日起" + (new_all ? "六个月" : "三个月") + "内向" + court +
         "提起行政诉讼。";
}

const std::string& default_notice_template(NoticeKind k) {
  static const std::string correction =
      "[title] 政府信息公开申请补正告知书\n"
      "[number] {{number}}\n"
      "[addressee] {{applicant}}：\n"
      "本机关于{{received_on}}收到您提出的政府信息公开申请（申请内容：{{subject}}）。经审查，您的申请内容不明确。根据{{basis}}的规定，请您对以下事项作出补正：\n"
      "{{items}}\n"
      "请您于{{correction_by}}之前（含当日）将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。\n"
      "[paragraph?] {{consequence}}\n"
      "[signature] {{agency}}\n"
      "[date] {{issued_on}}\n"
      "[note] 案件编号：{{case}}\n"
      "[note?] 来文编号：{{letter_ref}}\n";
  static const std::string third_party =
      "[title] 政府信息公开征求第三方意见函\n"
      "[number] {{number}}\n"
      "[addressee] {{third_party}}：\n"
      "本机关于{{received_on}}收到一份政府信息公开申请，申请公开的信息为：{{subject}}。经审查，该信息的公开可能损害你方合法权益。根据{{basis}}的规定，现书面征求你方意见。\n"
      "请你方于{{reply_by}}之前（含当日）以书面形式向本机关提出是否同意公开的意见；不同意公开的，请说明理由。\n"
      "[paragraph?] {{consequence}}\n"
      "[signature] {{agency}}\n"
      "[date] {{issued_on}}\n"
      "[note] 案件编号：{{case}}\n";
  static const std::string extension =
      "[title] 政府信息公开申请延期答复告知书\n"
      "[number] {{number}}\n"
      "[addressee] {{applicant}}：\n"
      "本机关于{{received_on}}收到您提出的政府信息公开申请（申请内容：{{subject}}）。因{{reason}}，本机关不能在{{due_before}}之前作出答复。根据{{basis}}的规定，经政府信息公开工作机构负责人同意，答复期限延长{{extension_days}}个工作日，本机关将于{{due_on}}之前（含当日）作出答复。\n"
      "[signature] {{agency}}\n"
      "[date] {{issued_on}}\n"
      "[note] 案件编号：{{case}}\n"
      "[note?] 来文编号：{{letter_ref}}\n";
  static const std::string fee =
      "[title] 政府信息公开信息处理费收费通知书\n"
      "[number] {{number}}\n"
      "[addressee] {{applicant}}：\n"
      "本机关于{{received_on}}收到您提出的政府信息公开申请（申请内容：{{subject}}）。{{reason}}根据{{basis}}的规定，本机关依法收取费用人民币{{amount}}元。\n"
      "请您于{{pay_by}}之前（含当日）缴纳上述费用。答复期限自您缴纳费用之日起继续计算。\n"
      "[paragraph?] {{consequence}}\n"
      "[signature] {{agency}}\n"
      "[date] {{issued_on}}\n"
      "[note] 案件编号：{{case}}\n"
      "[note?] 来文编号：{{letter_ref}}\n";
  static const std::string reply =
      "[title] 政府信息公开申请答复书\n"
      "[number] {{number}}\n"
      "[addressee] {{applicant}}：\n"
      "本机关于{{received_on}}收到您提出的政府信息公开申请（申请内容：{{subject}}）。经审查，现答复如下：\n"
      "{{decision}}\n"
      "[paragraph?] {{reason}}\n"
      "{{remedy}}\n"
      "[signature] {{agency}}\n"
      "[date] {{issued_on}}\n"
      "[note] 案件编号：{{case}}\n"
      "[note?] 来文编号：{{letter_ref}}\n";
  switch (k) {
    case NoticeKind::correction: return correction;
    case NoticeKind::third_party: return third_party;
    case NoticeKind::extension: return extension;
    case NoticeKind::fee: return fee;
    case NoticeKind::reply: return reply;
  }
  return reply;
}

}  // namespace gongkai::report
