//! An application and the typed facts the router needs of it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// One application as a clerk enters it or an applications file lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: String,
    /// 序号 of the catalogue item it asks for.
    pub item: u8,
    pub received: NaiveDate,
    /// Whether the site is inside the 增城经济技术开发区.
    pub in_zone: bool,
    pub facts: Facts,
}

/// The facts an item's scope rule looks at. Items 1–5 and 11 take `General`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Facts {
    General,
    Grid {
        project: GridProject,
    },
    WaterIntake {
        source: WaterSource,
        m3_per_day: u64,
        agricultural: bool,
        request: WaterRequest,
    },
    Trees {
        site: TreeSite,
        count: u32,
        max_dbh_cm: f64,
        heritage: Heritage,
    },
}

impl Facts {
    pub fn kind(&self) -> FactsKind {
        match self {
            Facts::General => FactsKind::General,
            Facts::Grid { .. } => FactsKind::Grid,
            Facts::WaterIntake { .. } => FactsKind::WaterIntake,
            Facts::Trees { .. } => FactsKind::Trees,
        }
    }
}

/// Which kind of facts an item takes: what the router form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactsKind {
    General,
    Grid,
    WaterIntake,
    Trees,
}

impl FactsKind {
    /// The name used in applications files.
    pub fn name(self) -> &'static str {
        match self {
            FactsKind::General => "General",
            FactsKind::Grid => "Grid",
            FactsKind::WaterIntake => "WaterIntake",
            FactsKind::Trees => "Trees",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum GridProject {
    PowerGrid { kv: u32, cross_district: bool },
    GasDistributedEnergyStation,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaterSource {
    Surface,
    Ground,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WaterRequest {
    New,
    Change,
    Renewal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TreeSite {
    CityManagedGreen,
    FeatureBoulevard,
    HistoricGarden,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Heritage {
    Ordinary,
    AncientOrFamous,
    SuccessorResource,
}

impl WaterSource {
    pub const ALL: [WaterSource; 2] = [WaterSource::Surface, WaterSource::Ground];
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WaterSource::Surface => lang.pick("地表水", "surface water"),
            WaterSource::Ground => lang.pick("地下水", "groundwater"),
        }
    }
}

impl WaterRequest {
    pub const ALL: [WaterRequest; 3] = [
        WaterRequest::New,
        WaterRequest::Change,
        WaterRequest::Renewal,
    ];
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            WaterRequest::New => lang.pick("新增取水许可", "new permit"),
            WaterRequest::Change => lang.pick("变更取水许可", "change of permit"),
            WaterRequest::Renewal => lang.pick("延续取水许可", "renewal of permit"),
        }
    }
}

impl TreeSite {
    pub const ALL: [TreeSite; 4] = [
        TreeSite::CityManagedGreen,
        TreeSite::FeatureBoulevard,
        TreeSite::HistoricGarden,
        TreeSite::Other,
    ];
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TreeSite::CityManagedGreen => lang.pick("市管绿地", "city-managed green space"),
            TreeSite::FeatureBoulevard => lang.pick("特色风貌林荫路", "feature boulevard"),
            TreeSite::HistoricGarden => lang.pick("历史名园", "historic garden"),
            TreeSite::Other => lang.pick("其他地点（其他树木）", "elsewhere (other trees)"),
        }
    }
}

impl Heritage {
    pub const ALL: [Heritage; 3] = [
        Heritage::Ordinary,
        Heritage::AncientOrFamous,
        Heritage::SuccessorResource,
    ];
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Heritage::Ordinary => lang.pick("一般树木", "ordinary tree"),
            Heritage::AncientOrFamous => lang.pick("古树名木", "ancient or famous tree"),
            Heritage::SuccessorResource => {
                lang.pick("古树后续资源", "successor resource of ancient trees")
            }
        }
    }
}
