/// Static name material (the towns are `CollectionPlan.y2024`, the notice's 附件2): surnames, given names, place syllables.
enum Tables {
    static let surnames: [String] = Array("王张李刘孙赵杨陈马郭孔褚颜渠魏高胡田韩曹宋徐朱周吴黄于吕杜苏丁任姜崔贾董石侯邵孟秦梁许程袁邢冯邓彭谢萧潘蒋蔡余叶沈段雷龙史陶贺顾毛郝龚万钱严武戴莫汤常").map(String.init)
    static let surnameWeights: [Double] = surnames.indices.map { i in i < 12 ? 6.0 - Double(i) * 0.3 : (i < 30 ? 2.0 : 0.8) }

    static let maleChars: [String] = Array("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林阳建国峰亮成东海振文庆立新德胜春生守田洪子轩博睿泽晨航一然昊天瑞安康永福金山民兴志红学忠祥荣").map(String.init)
    static let femaleChars: [String] = Array("芳娜敏静丽艳娟霞秀英玲桂兰萍红梅莉燕雪琳倩婷颖慧佳欣怡萱悦诗涵雨桐梓思淑珍翠凤华云玉美丹丹晶洁月琴素荣彩芬菊花妍语嘉").map(String.init)

    static let placeA: [String] = Array("东西南北前后大小上下新老张王李刘孙赵马高柳杨石黄白青龙凤岩郭韩魏宋徐朱田曹河泉桃杏枣槐松梨荆双三").map(String.init)
    static let placeB: [String] = ["庄", "沟", "峪", "岭", "屯", "集", "寨", "湖", "坡", "官庄", "家庄", "峪口", "山", "河", "店", "楼", "营", "埠", "崖", "洼", "桥", "泉", "村", "窑", "台"]

    static let assistanceMedical = ["特困人员", "低保对象", "返贫致贫人口", "低保边缘家庭成员", "防止返贫监测帮扶对象"]
    static let disabled = ["重度残疾一级", "重度残疾二级"]

    static func department(_ category: String) -> String {
        switch category {
        case "特困人员", "低保对象", "低保边缘家庭成员": return "民政局"
        case "返贫致贫人口", "防止返贫监测帮扶对象": return "乡村振兴局"
        default: return "残联"
        }
    }

    static let employers = ["枣庄市山亭区鑫源建材有限公司", "滕州市华润机械厂", "枣庄市鑫源食品有限公司", "山东山亭城市建设投资有限公司",
                            "枣庄市山亭区人民医院", "山亭区实验小学", "枣庄海汇纺织有限公司", "山东翼云物流有限公司", "枣庄市长城电缆厂"]

    static let pensionTiers: [Int] = [100, 350, 500, 800, 1000, 3000, 5000, 8000]
    /// Background choice of tier (100 is only for hardship persons).
    static let tierChoices: [Int] = [350, 500, 800, 1000, 3000, 5000, 8000]
    static let tierWeights: [Double] = [42, 30, 8, 11, 5, 3, 1]

    static let failReasons = ["余额不够扣", "户名不符", "销户,完全冻结和挂失"]
    static let cardPrefixes = ["621700", "622700", "623059", "622848", "436742", "621799", "622908"]
    static let phonePrefixes = ["130", "131", "132", "135", "136", "138", "150", "151", "155", "158", "159", "180", "182", "185", "186", "187", "188", "139", "177", "199"]
    static let mailDomains = ["qq.com", "126.com", "163.com", "sina.com"]
    static let wxBanks = ["CFT", "OTHERS", "ICBC_DEBIT", "CCB_DEBIT", "ABC_DEBIT", "RCB_DEBIT"]
}
