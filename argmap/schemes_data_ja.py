"""Japanese names and critical questions of the shipped Walton schemes, as data (by scheme and question key).

Names follow the usual Japanese renderings in the argumentation literature (「〜からの議論」 for
"argument from …"); the questions keep Walton's letters (E, A, C1 …) so that they read against the
English premises. Filled in by a data migration and by ``install_walton_schemes``.
"""

JAPANESE_SCHEMES = {
    "expert_opinion": {
        "name": "専門家の意見からの議論",
        "questions": {
            "expertise": "専門家の情報源として E はどの程度信頼できるか。",
            "field": "E は A が属する分野の専門家か。",
            "opinion": "E は A を含意する何を主張したのか。",
            "trustworthiness": "E は個人として情報源として信頼できるか。",
            "consistency": "A は他の専門家の主張と整合しているか。",
            "backup_evidence": "E の主張は証拠に基づいているか。",
        },
    },
    "position_to_know": {
        "name": "知る立場からの議論",
        "questions": {
            "position": "a は A が真（偽）かどうかを知る立場にあるか。",
            "honesty": "a は正直な（信用できる、信頼できる）情報源か。",
            "assertion": "a は本当に A が真（偽）だと主張したのか。",
        },
    },
    "witness_testimony": {
        "name": "証人の証言からの議論",
        "questions": {
            "internal_consistency": "証人の述べたことは内的に整合しているか。",
            "external_consistency": "証人の述べたことは、この事案で既に知られている事実と整合しているか。",
            "other_witnesses": "証人の述べたことは、他の証人の証言と整合しているか。",
            "bias": "証人の説明に何らかの偏りがあると考えられるか。",
            "plausibility": "証人が主張した言明 A はどの程度もっともらしいか。",
        },
    },
    "popular_opinion": {
        "name": "一般的意見からの議論",
        "questions": {
            "evidence_of_acceptance": "A が一般に受け入れられているという主張を支える証拠は何か。",
            "doubt": "A が一般に受け入れられているとしても、それを疑うべき十分な理由はないか。",
        },
    },
    "popular_practice": {
        "name": "一般的慣行からの議論",
        "questions": {
            "practice": "大多数が A を受け入れていることを示す行動やその他の兆候は何か。",
            "reasons_against": "A が一般的な慣行だとしても、それを受け入れるべきでない十分な理由はないか。",
        },
    },
    "analogy": {
        "name": "類推からの議論",
        "questions": {
            "differences": "C1 と C2 の間に、挙げられた類似性の力を弱めるような相違はないか。",
            "truth_in_c1": "C1 において A は真（偽）か。",
            "other_case": "C2 に同じく類似していながら A が偽（真）となる別の事例 C3 はないか。",
        },
    },
    "precedent": {
        "name": "先例からの議論",
        "questions": {
            "same_rule": "確立された規則は本当に本件に当てはまるか。",
            "relevant_similarity": "先例は本件と関連する点で類似しているか。",
            "different_outcome": "異なる結論を示す他の先例はないか。",
        },
    },
    "verbal_classification": {
        "name": "言語的分類からの議論",
        "questions": {
            "has_property": "a は確かに F をもつのか、それとも疑いの余地があるのか。",
            "classification": "その言語的分類は強く成り立つと言えるか、それとも弱くしか成り立たないものか。",
        },
    },
    "sign": {
        "name": "兆候からの議論",
        "questions": {
            "strength": "兆候と、それが示す事象との相関はどの程度強いか。",
            "other_events": "その兆候をより確実に説明する他の事象はないか。",
        },
    },
    "cause_to_effect": {
        "name": "因果から結果への議論",
        "questions": {
            "strength": "その因果的一般化はどの程度強いか。",
            "evidence": "挙げられた証拠（あれば）は、その因果的一般化を正当化するのに十分強いか。",
            "interference": "この事例で結果の発生を妨げうる他の因果的要因はないか。",
        },
    },
    "correlation_to_cause": {
        "name": "相関から原因への議論",
        "questions": {
            "correlation": "A と B の間に本当に相関があるのか。",
            "coincidence": "その相関が偶然以上のものだと考える理由はあるか。",
            "third_factor": "A と B の両方を引き起こしている第三の要因 C はありえないか。",
        },
    },
    "positive_consequences": {
        "name": "肯定的帰結からの議論",
        "questions": {
            "likelihood": "挙げられた帰結が生じる（かもしれない、必ず生じる）見込みはどの程度高いか。",
            "evidence": "挙げられた帰結が生じる（かもしれない、必ず生じる）という主張を支える証拠は何か。",
            "opposite": "考慮すべき、反対の価値をもつ帰結はないか。",
        },
    },
    "negative_consequences": {
        "name": "否定的帰結からの議論",
        "questions": {
            "likelihood": "挙げられた帰結が生じる（かもしれない、必ず生じる）見込みはどの程度高いか。",
            "evidence": "挙げられた帰結が生じる（かもしれない、必ず生じる）という主張を支える証拠は何か。",
            "opposite": "考慮すべき、反対の価値をもつ帰結はないか。",
        },
    },
    "practical_reasoning": {
        "name": "実践的推論",
        "questions": {
            "other_goals": "G と衝突しうる、私の他の目標として何を考慮すべきか。",
            "alternatives": "A を実現する以外に、同じく G をもたらす代替行為として何を考慮すべきか。",
            "best_means": "A の実現とそれらの代替行為のうち、どれが最も効率的だと言えるか。",
            "feasibility": "私が A を実現することが実際に可能だと主張できる根拠は何か。",
            "side_effects": "私が A を実現することで生じる帰結のうち、併せて考慮すべきものは何か。",
        },
    },
    "values": {
        "name": "価値からの議論",
        "questions": {
            "value": "V は本当に肯定的（否定的）か。",
            "relevance": "V は目標 G に関連しているか。",
            "other_values": "V と衝突し、比較衡量すべき他の価値はないか。",
        },
    },
    "established_rule": {
        "name": "確立された規則からの議論",
        "questions": {
            "rule": "その規則は、A をその一例として含む種類の行為を行うことを求めているか。",
            "other_rules": "この規則と衝突しうる他の確立された規則はないか。",
            "exception": "本件はその規則の例外ではないか。",
        },
    },
    "commitment": {
        "name": "コミットメントからの議論",
        "questions": {
            "evidence": "a が A にコミットしているという主張を支える、本件の証拠は何か。",
            "qualification": "本件が例外ではないかと問う余地はないか。",
        },
    },
    "inconsistent_commitment": {
        "name": "一貫しないコミットメントからの議論",
        "questions": {
            "commitment": "a が A へのコミットメントを表明または示唆したという証拠は何か。",
            "counter_evidence": "a が A にコミットしていないことを示すさらなる証拠は何か。",
            "conflict": "その証拠は、a が A にコミットしていないことをどのように示すのか。",
        },
    },
    "evidence_to_hypothesis": {
        "name": "証拠から仮説への議論",
        "questions": {
            "premise": "A が真ならば B が真である、というのは本当か。",
            "observation": "B が真（偽）であることは観察されたか。",
            "other_reason": "A が真であること以外に、B が真である理由はありえないか。",
        },
    },
    "abductive": {
        "name": "アブダクションによる議論（最善の説明への推論）",
        "questions": {
            "satisfactory": "現時点で得られている代替説明は別として、E 自体は F の説明としてどの程度満足のいくものか。",
            "better": "E は現時点で得られている代替説明よりどの程度優れた説明か。",
            "dialogue": "対話はどこまで進んだか。代替説明の探索は十分に行われたか。",
            "continue": "今結論を下すよりも、対話をさらに続けるほうがよいのではないか。",
        },
    },
    "slippery_slope": {
        "name": "滑り坂論法",
        "questions": {
            "steps": "A0 から An へ至る連鎖のうち、実際に示されている中間の命題はどれか。",
            "missing": "その一連の出来事をもっともらしくするには、他にどんな段階を補う必要があるか。",
            "weakest": "連鎖の中で最も弱い環はどこか。そこでどんな批判的質問を問うべきか。",
        },
    },
    "fear_appeal": {
        "name": "恐怖に訴える議論",
        "questions": {
            "avoidable": "状況をこれらの選択肢だけの間の選択として描くべきなのか。",
            "likelihood": "A が実現された場合、B が起こる可能性はどの程度高いか。",
            "severity": "B は主張されているほど悪いものか。",
        },
    },
    "danger_appeal": {
        "name": "危険に訴える議論",
        "questions": {
            "danger": "B は本当に危険か。",
            "likelihood": "A が実現された場合、B が起こる可能性はどの程度高いか。",
            "alternatives": "B を避けつつ A を実現する方法はないか。",
        },
    },
    "alternatives": {
        "name": "選択肢からの議論",
        "questions": {
            "exhaustive": "選択肢は本当に網羅的か。",
            "rejection": "退けられた選択肢は本当に受け入れられないものか。",
        },
    },
    "waste": {
        "name": "浪費からの議論",
        "questions": {
            "possible": "A を実現しようとする a の試みは、A の価値に本当に見合うものか。",
            "feasible": "A が実現できない可能性はないか。",
        },
    },
    "sunk_costs": {
        "name": "サンクコスト（埋没費用）からの議論",
        "questions": {
            "recoverable": "既に生じた費用は、今何を決めるかにかかわらず回収できるものか。",
            "future_costs": "続けることでさらにどんな費用が生じ、それは A の価値を上回らないか。",
        },
    },
}
